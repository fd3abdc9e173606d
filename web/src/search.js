// Live search: the search page works as a plain form without JavaScript;
// with it, results follow the typing, from /api/v1/cities?q=.
(function () {
	'use strict';
	var form = document.getElementById('wc-search-form');
	var input = document.getElementById('wc-search-q');
	var results = document.getElementById('wc-results');
	var status = document.getElementById('wc-search-status');
	if (!form || !input || !results || !window.fetch) {
		return;
	}
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
		fetch('/api/v1/cities?limit=20&q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
			.then(function (r) { return r.ok ? r.json() : { cities: [] }; })
			.then(function (body) {
				if (mine !== seq) {
					return; // an older answer arriving late
				}
				show(q, body.cities || []);
				history.replaceState(null, '', '?q=' + encodeURIComponent(q));
			});
	}

	function show(q, cities) {
		results.textContent = '';
		cities.forEach(function (c) {
			var li = document.createElement('li');
			var a = document.createElement('a');
			a.href = '/cities/' + c.id;
			var name = document.createElement('bdi');
			name.textContent = c.name;
			a.appendChild(name);
			li.appendChild(a);
			if (c.country) {
				var meta = document.createElement('span');
				meta.className = 'wc-meta';
				var country = document.createElement('bdi');
				country.textContent = c.country;
				meta.textContent = form.dataset.separator || ', ';
				meta.appendChild(country);
				li.appendChild(meta);
			}
			results.appendChild(li);
		});
		var msg = cities.length === 0 ? form.dataset.noResults : form.dataset.someResults;
		status.textContent = (msg || '').replace('$1', q);
	}
}());
