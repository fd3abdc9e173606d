// The coverage map of the Smart Region pages: a country's regions coloured
// by a measure (or, for the world, one circle per country), over the
// configured tile server or, offline, Natural Earth's country outlines.
// Every shape is a link for the keyboard and screen readers: focusable,
// named by its figure, opened with Enter or Space; the table under the map
// says the same in text. Colours and names come from the server.
(function () {
	'use strict';
	var el = document.getElementById('wc-region-map');
	if (!el || !window.L) {
		return;
	}
	var d = el.dataset;
	var map = L.map(el, { zoomControl: false, worldCopyJump: true, minZoom: 1, maxZoom: 12 });
	L.control.zoom({ zoomInTitle: d.zoomIn, zoomOutTitle: d.zoomOut }).addTo(map);
	map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
	map.setView([25, 10], 2);

	function escapeHTML(s) {
		return s.replace(/[&<>"']/g, function (c) {
			return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
		});
	}
	var base = Promise.resolve();
	function loadBase() {
		base = fetch(d.base).then(function (r) { return r.json(); }).then(function (fc) {
			L.geoJSON(fc, {
				interactive: false,
				style: { color: '#72777d', weight: 1, fillColor: '#f8f9fa', fillOpacity: 1 }
			}).addTo(map).bringToBack();
			map.attributionControl.addAttribution(escapeHTML(d.baseAttribution || ''));
		});
		return base;
	}
	if (d.tiles) {
		var tiles = L.tileLayer(d.tiles, { maxZoom: 12, attribution: escapeHTML(d.tilesAttribution || '') });
		tiles.once('tileerror', loadBase);
		tiles.addTo(map);
	} else {
		loadBase();
	}

	// link makes a shape behave as a link: focusable, named, opened with
	// a click, Enter or Space.
	function link(layer, p) {
		var node = layer.getElement ? layer.getElement() : null;
		if (!node) {
			return;
		}
		node.setAttribute('tabindex', '0');
		node.setAttribute('role', 'link');
		node.setAttribute('aria-label', p.label);
		node.setAttribute('data-key', p.key);
		node.classList.add('wc-region');
		node.addEventListener('keydown', function (e) {
			if (e.key === 'Enter' || e.key === ' ') {
				e.preventDefault();
				window.location.href = p.url;
			}
		});
	}
	var shapes = fetch(d.regions).then(function (r) { return r.json(); }).then(function (fc) {
		var style = function (f) {
			return { color: '#202122', weight: 1, fillColor: f.properties.colour, fillOpacity: 0.85 };
		};
		var layer = L.geoJSON(fc, {
			style: style,
			pointToLayer: function (f, ll) {
				var v = f.properties.value;
				return L.circleMarker(ll, { radius: 6 + Math.min(18, Math.sqrt(v) * 2) });
			},
			onEachFeature: function (f, l) {
				l.bindTooltip(escapeHTML(f.properties.label), { sticky: true });
				l.on('click', function () { window.location.href = f.properties.url; });
			}
		}).addTo(map);
		var focusKey = decodeURIComponent((window.location.hash || '').slice(1));
		var focusLayer = null;
		layer.eachLayer(function (l) {
			link(l, l.feature.properties);
			if (l.feature.properties.key === focusKey) {
				focusLayer = l;
			}
		});
		if (focusLayer && focusLayer.getBounds) {
			map.fitBounds(focusLayer.getBounds(), { padding: [24, 24], maxZoom: 8, animate: false });
			focusLayer.getElement().focus({ preventScroll: true });
		} else if (fc.features.length > 0 && !d.world) {
			map.fitBounds(layer.getBounds(), { padding: [12, 12], maxZoom: 8, animate: false });
		}
		return fc.features.length;
	});
	// data-ready tells (tests, mostly) that the map has drawn its shapes.
	Promise.all([shapes, base]).then(function (r) {
		el.setAttribute('data-ready', String(r[0]));
	});
}());
