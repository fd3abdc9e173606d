// The WikiCities map: cities as keyboard-focusable markers (clustered when
// dense) and their twin links as lines, over the configured tile server or,
// offline, Natural Earth's country outlines. Everything it shows is also on
// the page as text; the map only helps. Settings come from data- attributes
// of #wc-map, written by the server with translated labels.
(function () {
	'use strict';
	var el = document.getElementById('wc-map');
	if (!el || !window.L) {
		return;
	}
	var d = el.dataset;
	var map = L.map(el, { zoomControl: false, worldCopyJump: true, minZoom: 1, maxZoom: 18 });
	L.control.zoom({ zoomInTitle: d.zoomIn, zoomOutTitle: d.zoomOut }).addTo(map);
	map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
	map.setView([25, 10], 2);

	var baseLoaded = null;
	function loadBase() {
		if (baseLoaded || !d.base) {
			return baseLoaded;
		}
		baseLoaded = fetch(d.base).then(function (r) { return r.json(); }).then(function (fc) {
			L.geoJSON(fc, {
				interactive: false,
				className: 'wc-country',
				style: { color: '#72777d', weight: 1, fillColor: '#f8f9fa', fillOpacity: 1 }
			}).addTo(map).bringToBack();
			map.attributionControl.addAttribution(escapeHTML(d.baseAttribution || ''));
		});
	}
	if (d.tiles) {
		var tiles = L.tileLayer(d.tiles, { maxZoom: 18, attribution: escapeHTML(d.tilesAttribution || '') });
		// Offline or blocked tiles: fall back to the embedded outlines.
		tiles.once('tileerror', loadBase);
		tiles.addTo(map);
	} else {
		loadBase();
	}
	var base = baseLoaded || Promise.resolve();

	var focus = Number(d.focus || 0);
	// open goes to a city's page: on click, and on Enter or Space since a
	// marker is a button for the keyboard (Leaflet opens popups on Enter).
	function open(id) {
		window.location.href = '/cities/' + id;
	}
	var cities = fetch(d.cities).then(function (r) { return r.json(); }).then(function (fc) {
		var byID = {};
		var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, spiderfyOnMaxZoom: true });
		var lines = L.layerGroup();
		var bounds = [];
		fc.features.forEach(function (f) {
			var p = f.properties;
			var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
			byID[p.id] = ll;
			bounds.push(ll);
			var label = p.country ? p.name + ', ' + p.country : p.name;
			var m = L.marker(ll, {
				icon: L.divIcon({ className: 'wc-marker' + (p.id === focus ? ' wc-marker--focus' : ''), iconSize: [14, 14] }),
				title: label,
				keyboard: true,
				riseOnHover: true
			});
			m.on('click', function () { open(p.id); });
			m.on('keydown', function (e) {
				var k = e.originalEvent.key;
				if (k === 'Enter' || k === ' ') {
					e.originalEvent.preventDefault();
					open(p.id);
				}
			});
			// The city a page is about stays out of clusters, always in sight.
			if (p.id === focus) {
				m.setZIndexOffset(1000).addTo(map);
			} else {
				cluster.addLayer(m);
			}
		});
		fc.features.forEach(function (f) {
			var p = f.properties;
			(p.twins || []).forEach(function (t) {
				if (t > p.id && byID[t]) {
					lines.addLayer(L.polyline([byID[p.id], byID[t]], { className: 'wc-twin-link', color: '#36c', weight: 1.5, opacity: 0.6, interactive: false }));
				}
			});
		});
		// Set the view first, so that the clusters are made once, for it.
		if (bounds.length > 0) {
			map.fitBounds(bounds, { padding: [24, 24], maxZoom: focus ? 6 : 5, animate: false });
		}
		lines.addTo(map);
		cluster.addTo(map);
		return fc.features.length;
	});
	// data-ready tells (tests, mostly) that the map has drawn its data.
	Promise.all([cities, base]).then(function (r) {
		el.setAttribute('data-ready', String(r[0]));
	});

	function escapeHTML(s) {
		return s.replace(/[&<>"']/g, function (c) {
			return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
		});
	}
}());
