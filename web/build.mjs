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
//   search.js                web/src/search.js (live search)
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

function countries() {
	const topo = JSON.parse(read(pkg('world-atlas/countries-110m.json')));
	const fc = feature(topo, topo.objects.countries);
	return JSON.stringify({
		type: 'FeatureCollection',
		features: fc.features.map((f) => ({
			type: 'Feature',
			properties: {},
			geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
		})),
	}) + '\n';
}

// licenses lists each shipped package with its version, licence and licence
// text (Codex's GPL-2.0 text is long and well known: named, not repeated).
function licenses() {
	const shipped = [
		['@wikimedia/codex', null, 'site.css, site-rtl.css'],
		['@wikimedia/codex-design-tokens', null, 'site.css, site-rtl.css'],
		['leaflet', 'LICENSE', 'map.js, map.css'],
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
		'search.js': minifyJS(src('search.js')),
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
