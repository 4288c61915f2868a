#!/usr/bin/env bash
# Copies the folium map's browser assets (Leaflet, its plugins, jQuery, Bootstrap, fonts, d3)
# from node_modules/ (npm registry, exact versions in package-lock.json) into static/vendor/,
# which Streamlit serves at /app/static/vendor/. components/assets.py maps folium's CDN URLs
# onto these paths. Idempotent: static/vendor/ is rebuilt whole each time, then swapped in.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --prefer-offline --ignore-scripts --loglevel=error

NM=node_modules
OUT=static/vendor
mkdir -p static
TMP=$(mktemp -d static/.vendor.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# put SOURCE DEST: copy a file or a folder from node_modules/ to DEST under static/vendor/.
put() {
  mkdir -p "$(dirname "$TMP/$2")"
  cp -R "$NM/$1" "$TMP/$2"
}

put leaflet/dist/leaflet.js                         leaflet/leaflet.js
put leaflet/dist/leaflet.css                        leaflet/leaflet.css
put leaflet/dist/images                             leaflet/images
put jquery/dist/jquery.min.js                       jquery/jquery.min.js
put bootstrap/dist/js/bootstrap.bundle.min.js       bootstrap/js/bootstrap.bundle.min.js
put bootstrap/dist/css/bootstrap.min.css            bootstrap/css/bootstrap.min.css
put bootstrap-3-glyphicons/dist/fonts               glyphicons/fonts
put @fortawesome/fontawesome-free/css/all.min.css   fontawesome/css/all.min.css
put @fortawesome/fontawesome-free/webfonts          fontawesome/webfonts
AM=leaflet.awesome-markers/dist
put $AM/leaflet.awesome-markers.js                  awesome-markers/leaflet.awesome-markers.js
put $AM/leaflet.awesome-markers.css                 awesome-markers/leaflet.awesome-markers.css
put $AM/images                                      awesome-markers/images
put leaflet.markercluster/dist/leaflet.markercluster.js  markercluster/leaflet.markercluster.js
put leaflet.markercluster/dist/MarkerCluster.css         markercluster/MarkerCluster.css
put leaflet.markercluster/dist/MarkerCluster.Default.css markercluster/MarkerCluster.Default.css
put d3/d3.min.js                                    d3/d3.v3.min.js
put d3-v4/build/d3.min.js                           d3/d3.v4.min.js
# axe-core: the accessibility audit the browser tests inject (tests/axe.py), never fetched then.
put axe-core/axe.min.js                             axe-core/axe.min.js
put axe-core/LICENSE                                axe-core/LICENSE

# Glyphicons alone (folium links a Bootstrap 3 glyphicons sheet): the @font-face and .glyphicon
# rules of Bootstrap 3.4.1, which run from its first @font-face to the "* {" reset that follows.
GLYPHICONS_CSS="$TMP/glyphicons/css/bootstrap-glyphicons.css"
mkdir -p "$(dirname "$GLYPHICONS_CSS")"
awk '/^@font-face/ { keep = 1 } keep && /^\* \{/ { exit } keep' \
  "$NM/bootstrap-3-glyphicons/dist/css/bootstrap.css" > "$GLYPHICONS_CSS"
grep -q '^\.glyphicon-menu-up:before' "$GLYPHICONS_CSS" \
  || { echo "vendor_assets: glyphicons not found in Bootstrap 3's css" >&2; exit 1; }

# folium's marker rotation classes (.fa-rotate-N, N in 0..359 degrees), written here: not on npm.
for angle in $(seq 0 359); do
  turn="rotate(${angle}deg)"
  echo ".fa-rotate-$angle{-ms-transform:$turn;-webkit-transform:$turn;transform:$turn;}"
done > "$TMP/awesome-markers/leaflet.awesome.rotate.min.css"

# Leaflet finds its default marker images through leaflet.css, which streamlit-folium adds only
# after the scripts have run; it then guesses a wrong folder. Loaded after leaflet.js and before
# the map's script (components/assets.py), this points Leaflet at the images folder beside it.
cat > "$TMP/leaflet/leaflet-icon-path.js" <<'JS'
L.Icon.Default.imagePath = document.currentScript.src.replace(/[^/]*$/, "images/");
JS

# Every url(...) of every stylesheet must be a copied file, and none may @import: so no font
# or image is fetched from another machine.
missing=0
while IFS= read -r css; do
  if grep -q '@import' "$css"; then
    echo "vendor_assets: ${css#"$TMP"/} has an @import" >&2; missing=1
  fi
  while IFS= read -r ref; do
    case "$ref" in data:*|'') continue ;; esac
    if [ ! -f "$(dirname "$css")/$ref" ]; then
      echo "vendor_assets: ${css#"$TMP"/} needs $ref, not copied" >&2; missing=1
    fi
  done < <(grep -o 'url([^)]*)' "$css" \
           | sed -E "s/^url\(['\"]?//; s/['\"]?\)$//; s/[?#].*$//" | sort -u)
done < <(find "$TMP" -name '*.css')
[ "$missing" = 0 ] || exit 1

rm -rf "$OUT"
mv "$TMP" "$OUT"
chmod 755 "$OUT"
trap - EXIT
echo "vendor_assets: $(find "$OUT" -type f | wc -l) files, $(du -sk "$OUT" | cut -f1) KiB in $OUT"
