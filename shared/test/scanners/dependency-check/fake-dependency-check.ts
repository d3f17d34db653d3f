/**
 * A stand-in for Dependency-Check (not installable here): records its
 * arguments and writes a JSON report into `--out` in Dependency-Check's shape
 * for a PyPI requirement (a virtual dependency `<abs manifest>:<name>/<version>`).
 */
export function fakeDependencyCheckScript(argsFile: string): string {
  return `printf '%s\\n' "$@" > ${argsFile}
out=""; scan=""
while [ $# -gt 0 ]; do
  case "$1" in --out) out="$2"; shift;; --scan) scan="$2"; shift;; esac
  shift
done
case "$scan" in /*) manifest="$scan";; *) manifest="$(pwd)/$scan";; esac
cat > "$out/dependency-check-report.json" <<JSON
{"reportSchema":"1.1","scanInfo":{"engineVersion":"12.1.9"},"dependencies":[
 {"isVirtual":true,"fileName":"requirements.txt","filePath":"$manifest:jinja2/2.10",
  "packages":[{"id":"pkg:pypi/jinja2@2.10","confidence":"HIGHEST"}],
  "vulnerabilities":[{"source":"NVD","name":"CVE-2019-10906","severity":"HIGH",
   "cvssv3":{"baseScore":8.6,"baseSeverity":"HIGH"},"cwes":["CWE-693"],
   "description":"In Pallets Jinja before 2.10.1, str.format_map allows a sandbox escape.","references":[]}]}]}
JSON
echo "[INFO] Analysis Complete" >&2`;
}
