// Pickers: a text field marked data-picker offers suggestions as you type,
// as an ARIA combobox (WAI-ARIA 1.2 "list autocomplete"): the arrow keys
// move through the list, Enter picks, Escape closes. Without JavaScript the
// field is a plain text field that the server reads as typed.
//   data-picker="/cities/suggest"  the server suggests (?q=); a pick also
//       sends the city's id as city_id, which settles a name that several
//       cities share;
//   data-picker="/languages.json" data-picker-multi  the whole list comes
//       once and is filtered here; picks are added to a list separated by
//       commas.
(function () {
	'use strict';
	var lang = document.documentElement.lang || '';
	var fields = document.querySelectorAll('input[data-picker]');
	for (var i = 0; i < fields.length; i++) {
		setUp(fields[i], i);
	}

	function fold(s) {
		return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
	}

	function setUp(input, n) {
		var multi = !!input.dataset.pickerMulti;
		var url = input.dataset.picker;
		var list = document.createElement('ul');
		list.id = 'wc-picker-' + n;
		list.className = 'wc-picker';
		list.setAttribute('role', 'listbox');
		list.hidden = true;
		var status = document.createElement('span');
		status.className = 'wc-visually-hidden';
		status.setAttribute('role', 'status');
		// Beside the text input's box, which clips what overflows it.
		var box = input.closest('.cdx-field__control') || input.parentNode;
		box.appendChild(list);
		box.appendChild(status);
		input.setAttribute('role', 'combobox');
		input.setAttribute('aria-autocomplete', 'list');
		input.setAttribute('aria-expanded', 'false');
		input.setAttribute('aria-controls', list.id);
		var picked = null;
		if (!multi) {
			picked = document.createElement('input');
			picked.type = 'hidden';
			picked.name = input.name + '_id';
			input.form.appendChild(picked);
		}
		var items = [];
		var active = -1;
		var timer = 0;
		var seq = 0;
		var all = null; // the whole list of a multi picker

		function query() {
			if (!multi) {
				return input.value.trim();
			}
			var parts = input.value.split(',');
			return parts[parts.length - 1].trim();
		}

		function load(q) {
			var mine = ++seq;
			var sep = url.indexOf('?') < 0 ? '?' : '&';
			var done = function (found) {
				if (mine === seq) {
					show(found);
				}
			};
			if (multi) {
				var got = all ? Promise.resolve(all) : fetch(url + sep + 'uselang=' + encodeURIComponent(lang), { credentials: 'same-origin' })
					.then(function (r) { return r.ok ? r.json() : []; })
					.then(function (j) {
						all = j.map(function (l) {
							return { value: l.value, label: l.autonym && l.autonym !== l.name ? l.autonym + ' – ' + l.name : l.name, detail: l.code, key: fold(l.name + ' ' + l.autonym + ' ' + l.code) };
						});
						return all;
					});
				got.then(function (ls) {
					var k = fold(q);
					var chosen = input.value.split(',').map(fold);
					done(ls.filter(function (l) { return l.key.indexOf(k) >= 0 && chosen.indexOf(fold(l.value)) < 0; }).slice(0, 8));
				});
				return;
			}
			fetch(url + sep + 'q=' + encodeURIComponent(q) + '&uselang=' + encodeURIComponent(lang), { credentials: 'same-origin' })
				.then(function (r) { return r.ok ? r.json() : []; })
				.then(done, function () { done([]); });
		}

		function show(found) {
			items = found;
			active = -1;
			list.textContent = '';
			found.forEach(function (it, i) {
				var li = document.createElement('li');
				li.id = list.id + '-' + i;
				li.setAttribute('role', 'option');
				li.setAttribute('aria-selected', 'false');
				var b = document.createElement('bdi');
				b.textContent = it.label;
				li.appendChild(b);
				if (it.detail) {
					var d = document.createElement('span');
					d.className = 'wc-picker__detail';
					d.textContent = it.detail;
					li.appendChild(d);
				}
				// mousedown, not click: the field keeps the focus.
				li.addEventListener('mousedown', function (e) {
					e.preventDefault();
					pick(i);
				});
				list.appendChild(li);
			});
			list.hidden = found.length === 0;
			input.setAttribute('aria-expanded', String(found.length > 0));
			input.removeAttribute('aria-activedescendant');
			status.textContent = found.length ? (input.dataset.pickerCount || '$1').replace('$1', String(found.length)) : input.dataset.pickerNone || '';
		}

		function close() {
			list.hidden = true;
			input.setAttribute('aria-expanded', 'false');
			input.removeAttribute('aria-activedescendant');
			active = -1;
		}

		function move(to) {
			if (!items.length) {
				return;
			}
			active = (to + items.length) % items.length;
			var lis = list.children;
			for (var i = 0; i < lis.length; i++) {
				lis[i].setAttribute('aria-selected', String(i === active));
			}
			input.setAttribute('aria-activedescendant', lis[active].id);
			lis[active].scrollIntoView({ block: 'nearest' });
		}

		function pick(i) {
			var it = items[i];
			if (multi) {
				var parts = input.value.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
				parts.pop();
				parts.push(it.value);
				input.value = parts.join(', ') + ', ';
			} else {
				input.value = it.value;
				picked.value = String(it.id);
			}
			close();
			input.focus();
		}

		input.addEventListener('input', function () {
			if (picked) {
				picked.value = ''; // typed again: the server reads the text
			}
			clearTimeout(timer);
			var q = query();
			if (q === '') {
				close();
				return;
			}
			timer = setTimeout(function () { load(q); }, multi ? 0 : 150);
		});
		input.addEventListener('keydown', function (e) {
			var open = !list.hidden;
			if (e.key === 'ArrowDown') {
				e.preventDefault();
				if (open) {
					move(active + 1);
				} else if (query()) {
					load(query());
				}
			} else if (e.key === 'ArrowUp' && open) {
				e.preventDefault();
				move(active - 1);
			} else if (e.key === 'Enter' && open && active >= 0) {
				e.preventDefault(); // pick, not submit
				picking = true;
				pick(active);
			} else if (e.key === 'Escape' && open) {
				e.preventDefault();
				close();
			}
		});
		// The Enter that picked does not submit the form either where the
		// keypress comes apart from the keydown.
		var picking = false;
		input.addEventListener('keypress', function (e) {
			if (e.key === 'Enter' && picking) {
				e.preventDefault();
			}
			picking = false;
		});
		input.addEventListener('blur', close);
	}
}());
