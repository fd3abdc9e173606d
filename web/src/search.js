// Live search: the search page works as a plain form without JavaScript;
// with it, results follow the typing. The results come from the server as
// the same HTML fragment the page shows (GET /search?part=results), so they
// are translated and escaped in one place.
(function () {
	'use strict';
	var form = document.getElementById('wc-search-form');
	var input = document.getElementById('wc-search-q');
	var block = document.getElementById('wc-results-block');
	var status = document.getElementById('wc-search-status');
	if (!form || !input || !block || !window.fetch) {
		return;
	}
	var lang = document.documentElement.lang || '';
	var timer = 0;
	var seq = 0;
	input.addEventListener('input', function () {
		clearTimeout(timer);
		timer = setTimeout(search, 200);
	});

	function search() {
		var q = input.value.trim();
		var mine = ++seq;
		if (q === '') {
			return;
		}
		var url = '/search?part=results&q=' + encodeURIComponent(q) + (lang ? '&uselang=' + encodeURIComponent(lang) : '');
		fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
			.then(function (r) { return r.ok ? r.text() : null; })
			.then(function (html) {
				if (html === null || mine !== seq) {
					return; // a failed or an older answer arriving late
				}
				show(q, html);
				history.replaceState(null, '', '?q=' + encodeURIComponent(q));
			});
	}

	function show(q, html) {
		// Our own server's fragment, escaped by its templates.
		block.innerHTML = html;
		var list = document.getElementById('wc-results');
		var none = !list || list.dataset.count === '0';
		var msg = none ? form.dataset.noResults : form.dataset.someResults;
		status.textContent = (msg || '').replace('$1', q);
	}
}());
