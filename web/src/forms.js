// Forms: a form that posts is sent once. A double click on its button, or a
// second press while the first answer is on its way, sent the form again,
// and a form that adds something (an event, a message, a responsibility)
// added it twice. While a form is being sent its further submits are
// ignored and its buttons say so (aria-disabled); coming back to the page
// (the browser's back button keeps pages in memory) makes it sendable again.
// Without JavaScript forms post as before.
(function () {
	'use strict';
	document.addEventListener('submit', function (e) {
		var form = e.target;
		if (!form || (form.method || '').toLowerCase() !== 'post') {
			return;
		}
		if (form.getAttribute('data-sending') === '1') {
			e.preventDefault();
			return;
		}
		form.setAttribute('data-sending', '1');
		var buttons = form.querySelectorAll('button, input[type=submit]');
		for (var i = 0; i < buttons.length; i++) {
			buttons[i].setAttribute('aria-disabled', 'true');
		}
	});
	window.addEventListener('pageshow', function () {
		var sent = document.querySelectorAll('form[data-sending]');
		for (var i = 0; i < sent.length; i++) {
			sent[i].removeAttribute('data-sending');
			var buttons = sent[i].querySelectorAll('[aria-disabled]');
			for (var j = 0; j < buttons.length; j++) {
				buttons[j].removeAttribute('aria-disabled');
			}
		}
	});
})();
