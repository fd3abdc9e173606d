// Builds the web assets of WikiCities from their npm packages into
// http/static/, which the Go binary embeds and serves under content-hashed
// URLs. Run `npm ci && node web/build.mjs` (make assets); `--check` builds in
// memory and fails when http/static/ differs, so that the committed assets
// always match package-lock.json and web/src/.
//
//   site.css / site-rtl.css  Codex design tokens + Codex CSS-only components
//                            (LTR or its RTL build) + web/src/site.css
//   map.css                  Leaflet + leaflet.markercluster + web/src/map.css,
//                            Leaflet's images inlined as data: URLs
//   map.js                   Leaflet + leaflet.markercluster + web/src/map.js
//   regionmap.js             Leaflet + web/src/regionmap.js (coverage map of the regions)
//   search.js                web/src/search.js (live search)
//   picker.js                web/src/picker.js (suggestions in form fields)
//   forms.js                 web/src/forms.js (a posted form is sent once)
//   countries.geojson        Natural Earth 1:110m country outlines from
//                            world-atlas, converted from TopoJSON with
//                            topojson-client, coordinates rounded to 0.01°
//   licenses.txt             the licences of the packages shipped in these
//                            files, which the binary carries with them
import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { transformSync } from 'esbuild';
import { feature } from 'topojson-client';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'http', 'static');
const require = createRequire(import.meta.url);
const pkg = (p) => require.resolve(p, { paths: [root] });
const read = (p) => readFileSync(p, 'utf8');
const src = (name) => read(join(root, 'web', 'src', name));

// dropSourceMap removes a trailing sourceMappingURL comment: the maps are
// not shipped.
const dropSourceMap = (s) => s.replace(/\n?\/[/*]# sourceMappingURL=.*$/m, '').trimEnd() + '\n';

const minifyCSS = (s) => transformSync(s, { loader: 'css', minify: true, target: ['chrome90', 'firefox90', 'safari14'] }).code;
const minifyJS = (s) => transformSync(s, { loader: 'js', minify: true, target: 'es2017' }).code;

// inlineImages replaces url(images/x.png) in Leaflet's CSS with data: URLs,
// so that the stylesheet needs no sibling files under a hashed URL.
function inlineImages(css, dir) {
	return css.replace(/url\((['"]?)(images\/[^)'"]+)\1\)/g, (_, q, p) => {
		const b = readFileSync(join(dir, p));
		return `url(data:image/png;base64,${b.toString('base64')})`;
	});
}

function round(coords) {
	if (typeof coords[0] === 'number') {
		return [Math.round(coords[0] * 100) / 100, Math.round(coords[1] * 100) / 100];
	}
	return coords.map(round);
}

// mendAntimeridian makes polygons drawable on a flat map. world-atlas keeps
// the rings that cross the antimeridian whole, as d3 draws them on the
// sphere, so Leaflet drew an edge across the whole world from each point at
// 179° to the next at -179°: the band over the Arctic (Chukotka, Wrangel)
// and the line near 17° S (Fiji). Such a ring is made continuous (its
// longitudes go past 180°) and drawn twice, once on each side. A ring
// around a pole (Antarctica) really goes around the world: where it wraps,
// it goes to the pole and back.
function mendAntimeridian(polygon) {
	const jumps = (r) => r.some((p, i) => i > 0 && Math.abs(p[0] - r[i - 1][0]) > 180);
	if (!polygon.some(jumps)) return [polygon];
	const outer = polygon[0];
	const last = outer[outer.length - 1][0];
	const wraps = jumps(outer) && unwrap(outer).at(-1)[0] !== last;
	if (wraps) {
		const pole = outer.reduce((s, p) => s + p[1], 0) < 0 ? -90 : 90;
		const ring = [];
		outer.forEach((p, i) => {
			const q = outer[i - 1];
			if (q && Math.abs(p[0] - q[0]) > 180) ring.push([q[0], pole], [p[0], pole]);
			ring.push(p);
		});
		return [[ring, ...polygon.slice(1)]];
	}
	const rings = polygon.map(unwrap);
	const shift = (d) => rings.map((r) => r.map(([x, y]) => [Math.round((x + d) * 100) / 100, y]));
	const xs = rings[0].map((p) => p[0]);
	const out = [rings];
	if (Math.max(...xs) > 180) out.push(shift(-360));
	if (Math.min(...xs) < -180) out.push(shift(360));
	return out;
}

// unwrap returns ring with each longitude moved by whole turns to within
// 180° of the one before.
function unwrap(ring) {
	const out = [ring[0]];
	for (let i = 1; i < ring.length; i++) {
		let [x, y] = ring[i];
		const prev = out[i - 1][0];
		while (x - prev > 180) x -= 360;
		while (prev - x > 180) x += 360;
		out.push([Math.round(x * 100) / 100, y]);
	}
	return out;
}

function mend(type, coords) {
	const polygons = type === 'Polygon' ? [coords] : coords;
	const out = polygons.flatMap(mendAntimeridian);
	return out.length === 1 && type === 'Polygon' ? { type, coordinates: out[0] } : { type: 'MultiPolygon', coordinates: out };
}

function countries() {
	const topo = JSON.parse(read(pkg('world-atlas/countries-110m.json')));
	const fc = feature(topo, topo.objects.countries);
	return JSON.stringify({
		type: 'FeatureCollection',
		features: fc.features.map((f) => ({
			type: 'Feature',
			properties: {},
			geometry: mend(f.geometry.type, round(f.geometry.coordinates)),
		})),
	}) + '\n';
}

// licenses lists each shipped package with its version, licence and licence
// text (Codex's GPL-2.0 text is long and well known: named, not repeated).
function licenses() {
	const shipped = [
		['@wikimedia/codex', null, 'site.css, site-rtl.css'],
		['@wikimedia/codex-design-tokens', null, 'site.css, site-rtl.css'],
		['leaflet', 'LICENSE', 'map.js, map.css, regionmap.js'],
		['leaflet.markercluster', 'MIT-LICENCE.txt', 'map.js, map.css'],
		['world-atlas', 'LICENSE', 'countries.geojson (data: Natural Earth, public domain)'],
	];
	let out = 'Third-party parts of the WikiCities web assets (built by web/build.mjs).\n' +
		'WikiCities itself is GPL-3.0-or-later.\n';
	for (const [name, file, where] of shipped) {
		const dir = join(root, 'node_modules', name);
		const meta = JSON.parse(read(join(dir, 'package.json')));
		out += `\n== ${name} ${meta.version} (${meta.license}), in ${where}\n`;
		if (meta.homepage) out += `${meta.homepage}\n`;
		if (file) out += '\n' + read(join(dir, file)).trim() + '\n';
		else out += 'GNU General Public License, version 2 or (at your option) any later version.\n';
	}
	return out;
}

// statusIconsOutrankLanguage fixes the icons of Codex's error, warning and
// success messages in languages for which Codex has its own notice icon:
// its rule `.cdx-message .cdx-message__icon:lang(ar)` outranks the status
// rules, so every Arabic message showed the notice's lightbulb. It repeats
// each status icon rule of minified css, under the same @supports, with a
// selector that outranks the language's.
function statusIconsOutrankLanguage(css) {
	const langs = [...new Set([...css.matchAll(/\.cdx-message \.cdx-message__icon:lang\(([a-z-]+)\)/g)].map((m) => m[1]))];
	let extra = '';
	for (const status of ['error', 'warning', 'success']) {
		const rule = new RegExp('(@supports[^{]*)\\{\\.cdx-message--' + status + ' \\.cdx-message__icon\\{([^}]*(?:mask-image|background-image)[^}]*)\\}', 'g');
		for (const m of css.matchAll(rule)) {
			for (const lang of langs) {
				extra += `${m[1]}{.cdx-message.cdx-message--${status} .cdx-message__icon:lang(${lang}){${m[2]}}}`;
			}
		}
	}
	return css + extra;
}

function build() {
	const codexDir = dirname(pkg('@wikimedia/codex/dist/codex.style.css'));
	const tokens = read(pkg('@wikimedia/codex-design-tokens/dist/theme-wikimedia-ui-root.css'));
	const leafletDir = dirname(pkg('leaflet/dist/leaflet.css'));
	const clusterDir = dirname(pkg('leaflet.markercluster/dist/MarkerCluster.css'));
	const site = src('site.css');
	return {
		'site.css': statusIconsOutrankLanguage(minifyCSS(tokens + read(join(codexDir, 'codex.style.css')) + site)),
		'site-rtl.css': statusIconsOutrankLanguage(minifyCSS(tokens + read(join(codexDir, 'codex.style-rtl.css')) + site)),
		'map.css': minifyCSS(inlineImages(read(join(leafletDir, 'leaflet.css')), leafletDir) +
			read(join(clusterDir, 'MarkerCluster.css')) + read(join(clusterDir, 'MarkerCluster.Default.css')) +
			src('map.css')),
		'map.js': dropSourceMap(read(join(leafletDir, 'leaflet.js'))) + ';\n' +
			dropSourceMap(read(join(clusterDir, 'leaflet.markercluster.js'))) + ';\n' +
			minifyJS(src('map.js')),
		'regionmap.js': dropSourceMap(read(join(leafletDir, 'leaflet.js'))) + ';\n' + minifyJS(src('regionmap.js')),
		'search.js': minifyJS(src('search.js')),
		'picker.js': minifyJS(src('picker.js')),
		'forms.js': minifyJS(src('forms.js')),
		'countries.geojson': countries(),
		'licenses.txt': licenses(),
	};
}

const files = build();
if (process.argv.includes('--check')) {
	const stale = [];
	for (const [name, body] of Object.entries(files)) {
		const p = join(out, name);
		if (!existsSync(p) || read(p) !== body) stale.push(name);
	}
	for (const name of existsSync(out) ? readdirSync(out) : []) {
		if (!(name in files)) stale.push(name + ' (not built by web/build.mjs)');
	}
	if (stale.length) {
		console.error(`http/static is out of date: ${stale.join(', ')}; run make assets and commit the result`);
		process.exit(1);
	}
	console.log(`http/static is up to date (${Object.keys(files).length} files)`);
} else {
	mkdirSync(out, { recursive: true });
	for (const [name, body] of Object.entries(files)) {
		writeFileSync(join(out, name), body);
		console.log(`${name}\t${Buffer.byteLength(body)} bytes`);
	}
}
