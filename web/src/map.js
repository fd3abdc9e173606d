// The WikiCities map: cities as labelled, keyboard-focusable markers
// (clustered when dense; cities where a Wikimedia group is based stand
// out), over the configured tile server or, offline, Natural Earth's
// country outlines. Twin links are lines only for the selected city (the
// city a page is about, or the marker chosen) and, once zoomed in, for the
// cities in view: at world scale all of them were a hairball. The selected
// city and its twins leave the clusters, so that none of them is hidden.
// Everything it shows is also on the page as text; the map only helps.
// Settings come from data- attributes of #wc-map, written by the server
// with translated labels.
(function () {
	'use strict';
	var el = document.getElementById('wc-map');
	if (!el || !window.L) {
		return;
	}
	var d = el.dataset;
	// Zoom from which the twin links of every city in view are drawn.
	var linksZoom = 5;
	var map = L.map(el, { zoomControl: false, worldCopyJump: true, minZoom: 1, maxZoom: 18 });
	L.control.zoom({ zoomInTitle: d.zoomIn, zoomOutTitle: d.zoomOut }).addTo(map);
	map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
	map.setView([25, 10], 2);
	var legend = document.getElementById('wc-map-legend');
	if (legend) {
		legend.hidden = false;
	}

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

	// A LabelledIcon is a marker's or cluster's icon with an accessible
	// name (the marker is a button for the keyboard) and the city's id.
	var LabelledIcon = L.DivIcon.extend({
		createIcon: function (old) {
			var div = L.DivIcon.prototype.createIcon.call(this, old);
			div.setAttribute('aria-label', this.options.label);
			if (this.options.cityID) {
				div.setAttribute('data-id', String(this.options.cityID));
			}
			return div;
		}
	});

	// shortWay returns the segments of the line from a to b ([lat, lng])
	// that goes the short way round: across the antimeridian it is drawn
	// twice, leaving each end towards the other across the map's edge.
	function shortWay(a, b) {
		var dl = b[1] - a[1];
		if (Math.abs(dl) <= 180) {
			return [[a, b]];
		}
		var turn = dl > 0 ? -360 : 360;
		return [[a, [b[0], b[1] + turn]], [[a[0], a[1] - turn], b]];
	}
	// For tests and the console: the map and shortWay.
	el.wcShortWay = shortWay;
	el.wcMap = map;

	var focus = Number(d.focus || 0);
	var cities = fetch(d.cities).then(function (r) { return r.json(); }).then(function (fc) {
		var byID = {};
		var cluster = L.markerClusterGroup({
			showCoverageOnHover: false, maxClusterRadius: 40, spiderfyOnMaxZoom: true,
			iconCreateFunction: function (c) {
				var n = c.getChildCount();
				var size = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
				return new LabelledIcon({
					html: '<div><span>' + number(n) + '</span></div>', className: 'marker-cluster marker-cluster-' + size,
					iconSize: [40, 40], label: (d.clusterLabel || '$1').replace('$1', number(n))
				});
			}
		});
		// Enter or Space on a cluster zooms to its cities, as a click does.
		cluster.on('clusterkeydown', function (e) {
			var k = e.originalEvent.key;
			if (k === 'Enter' || k === ' ') {
				e.originalEvent.preventDefault();
				e.layer.zoomToBounds({ padding: [24, 24] });
			}
		});
		var pinned = L.layerGroup().addTo(map);
		var lines = L.layerGroup().addTo(map);
		var bounds = [];
		var selected = 0;
		// On a phone a pinned label says the city's name alone (the hover
		// label, the popup and the marker's name keep its country), so
		// that the labels fit the map.
		var narrow = el.clientWidth < 600;
		var hoverLabel = { direction: 'top', offset: [0, -8], className: 'wc-map-label' };
		var pinnedLabel = { permanent: true, direction: 'top', offset: [0, -8], className: 'wc-map-label' };
		var info = L.popup({ autoPanPadding: [24, 24], offset: [0, -6] });
		fc.features.forEach(function (f) {
			var p = f.properties;
			var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
			var label = p.country ? p.name + ', ' + p.country : p.name;
			var cls = 'wc-marker' + (p.g ? ' wc-marker--group' : '') + (p.id === focus ? ' wc-marker--focus' : '');
			var m = L.marker(ll, {
				icon: new LabelledIcon({ className: cls, iconSize: p.g ? [18, 18] : [14, 14], label: label, cityID: p.id }),
				keyboard: true,
				riseOnHover: true
			});
			// Tooltips take HTML: names from the data are escaped.
			m.bindTooltip(escapeHTML(label), hoverLabel);
			m.on('click', function () { choose(p.id, false); });
			m.on('keydown', function (e) {
				var k = e.originalEvent.key;
				if (k === 'Enter' || k === ' ') {
					e.originalEvent.preventDefault();
					choose(p.id, true);
				}
			});
			byID[p.id] = { ll: ll, p: p, m: m, label: label, pinLabel: narrow ? p.name : label };
			bounds.push(ll);
			cluster.addLayer(m);
		});

		// popup names the city, links to its page and counts its twins.
		function popup(p, label) {
			var div = document.createElement('div');
			var a = document.createElement('a');
			a.href = '/cities/' + p.id;
			a.textContent = label;
			div.appendChild(a);
			if (p.n > 0 && d.twinsLabel) {
				var c = document.createElement('p');
				c.textContent = d.twinsLabel.replace('$1', number(p.n));
				div.appendChild(c);
			}
			if (p.g && d.groupLabel) {
				var g = document.createElement('p');
				g.textContent = d.groupLabel;
				div.appendChild(g);
			}
			return div;
		}

		// pin takes the cities ids out of the clusters, labelled, and puts
		// the others back.
		var pinnedIDs = {};
		function pin(ids) {
			var want = {};
			ids.forEach(function (id) { if (byID[id]) { want[id] = true; } });
			Object.keys(pinnedIDs).forEach(function (id) {
				if (!want[id]) {
					var m = byID[id].m.unbindTooltip();
					pinned.removeLayer(m);
					cluster.addLayer(m);
					m.bindTooltip(escapeHTML(byID[id].label), hoverLabel);
				}
			});
			Object.keys(want).forEach(function (id) {
				if (!pinnedIDs[id]) {
					var m = byID[id].m.unbindTooltip();
					cluster.removeLayer(m);
					pinned.addLayer(m);
					m.bindTooltip(escapeHTML(byID[id].pinLabel), pinnedLabel);
				}
			});
			pinnedIDs = want;
			pinnedOrder = ids;
			declutter();
		}

		// declutter hides the labels of pinned cities that would overlap a
		// label before them (the selected city's comes first).
		var pinnedOrder = [];
		function declutter() {
			var shown = [];
			pinnedOrder.forEach(function (id) {
				var tt = byID[id] && byID[id].m.getTooltip();
				var e = tt && tt.getElement();
				if (!e) {
					return;
				}
				e.classList.remove('wc-map-label--hidden');
				var r = e.getBoundingClientRect();
				if (shown.some(function (o) { return r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom; })) {
					e.classList.add('wc-map-label--hidden');
				} else {
					shown.push(r);
				}
			});
		}

		// choose selects a city the reader chose and tells about it; from
		// the keyboard, the focus goes to the link to its page.
		function choose(id, keyboard) {
			select(id);
			var c = byID[id];
			info.setLatLng(c.ll).setContent(popup(c.p, c.label)).openOn(map);
			if (keyboard) {
				var a = info.getElement() && info.getElement().querySelector('a');
				if (a) {
					a.focus();
				}
			}
		}

		// draw shows the twin links of the selected city and, zoomed in,
		// of every city in view, each link once.
		function draw() {
			lines.clearLayers();
			var done = {};
			function link(a, b, cls) {
				var key = a < b ? a + '-' + b : b + '-' + a;
				if (done[key] || !byID[a] || !byID[b]) {
					return;
				}
				done[key] = true;
				shortWay(byID[a].ll, byID[b].ll).forEach(function (seg) {
					lines.addLayer(L.polyline(seg, { className: cls, color: '#36c', weight: cls === 'wc-twin-link' ? 2.5 : 1.5, opacity: 0.8, interactive: false }));
				});
			}
			if (selected && byID[selected]) {
				(byID[selected].p.twins || []).forEach(function (t) { link(selected, t, 'wc-twin-link'); });
			}
			if (map.getZoom() >= linksZoom) {
				var view = map.getBounds().pad(0.2);
				Object.keys(byID).forEach(function (id) {
					var c = byID[id];
					if (view.contains(c.ll)) {
						(c.p.twins || []).forEach(function (t) { link(Number(id), t, 'wc-twin-link wc-twin-link--near'); });
					}
				});
			}
		}

		// select makes id the selected city (0: none but the page's own).
		function select(id) {
			selected = id || focus;
			var ids = selected && byID[selected] ? [selected].concat(byID[selected].p.twins || []) : [];
			pin(ids);
			draw();
			el.setAttribute('data-selected', String(selected));
		}
		map.on('click', function () { select(0); });
		map.on('zoomend moveend', draw);
		map.on('zoomend', declutter);

		// Set the view first, so that the clusters are made once, for it.
		if (bounds.length > 0) {
			var view = focus && byID[focus] ? [byID[focus].ll].concat((byID[focus].p.twins || []).map(function (t) { return byID[t] && byID[t].ll; }).filter(Boolean)) : bounds;
			// Room for the labels above the markers and beside them, so
			// that a label at the edge is not cut.
			var side = narrow ? 72 : 48;
			map.fitBounds(view, { paddingTopLeft: [side, 44], paddingBottomRight: [side, 16], maxZoom: focus ? 6 : 4, animate: false });
		}
		cluster.addTo(map);
		select(focus);
		return fc.features.length;
	});
	// data-ready tells (tests, mostly) that the map has drawn its data.
	Promise.all([cities, base]).then(function (r) {
		el.setAttribute('data-ready', String(r[0]));
	});

	// number writes n with the page language's digits (Arabic-Indic for
	// Arabic, as the server writes them).
	function number(n) {
		var lang = document.documentElement.lang || undefined;
		try {
			return new Intl.NumberFormat(lang === 'ar' ? 'ar-u-nu-arab' : lang).format(n);
		} catch (e) {
			return String(n);
		}
	}

	function escapeHTML(s) {
		return s.replace(/[&<>"']/g, function (c) {
			return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
		});
	}
}());
