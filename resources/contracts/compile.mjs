// Compiles FederatedTasks.sol with solc-js (npm solc@0.8.37) through the standard-JSON API
// (https://docs.soliditylang.org/en/latest/using-the-compiler.html#compiler-input-and-output-json-description).
// Imports ("@openzeppelin/contracts/...") are resolved from the repository's node_modules by the
// import callback (solc-js README, "Example usage with import callback").
// Usage: node compile.mjs <outputDir>
// Writes <outputDir>/FederatedTasks.abi (JSON ABI), FederatedTasks.bin (creation bytecode, hex
// without 0x) and FederatedTasks.json (the compiler's full standard-JSON output).
// Exits 1 and prints the compiler's errors when compilation fails, 2 on bad usage.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

const CONTRACT = 'FederatedTasks';
const here = dirname(fileURLToPath(import.meta.url));
const nodeModules = resolve(here, '..', '..', 'node_modules');

if (process.argv.length !== 3) {
  console.error('usage: node compile.mjs <outputDir>');
  process.exit(2);
}
const outDir = resolve(process.argv[2]);
const sourceName = `${CONTRACT}.sol`;
const sourcePath = join(here, sourceName);

/** Resolves an import path against node_modules (packages) or this folder (local files). */
function findImports(path) {
  const base = path.startsWith('@') ? nodeModules : here;
  const file = normalize(join(base, path));
  if (!file.startsWith(base + sep)) {
    return { error: `import ${path} leaves ${base}` };
  }
  if (!existsSync(file)) {
    return { error: `import ${path} not found at ${file} (run npm ci in the repository root)` };
  }
  return { contents: readFileSync(file, 'utf8') };
}

const input = {
  language: 'Solidity',
  sources: { [sourceName]: { content: readFileSync(sourcePath, 'utf8') } },
  settings: {
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { [sourceName]: { [CONTRACT]: ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.gasEstimates', 'metadata'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const diagnostics = output.errors ?? [];
const errors = diagnostics.filter((d) => d.severity === 'error');
// warnings in dependencies (e.g. OpenZeppelin's use of `error` as an identifier) are counted, not printed
const warnings = diagnostics.filter((d) => d.severity !== 'error');
const ours = warnings.filter((d) => !d.sourceLocation?.file?.startsWith('@'));
for (const d of ours) {
  console.warn(d.formattedMessage ?? d.message);
}
if (warnings.length > ours.length) {
  console.warn(`(${warnings.length - ours.length} warning(s) in imported packages not shown)`);
}
if (errors.length > 0) {
  for (const e of errors) console.error(e.formattedMessage ?? `${e.type}: ${e.message}`);
  console.error(`${sourcePath}: compilation failed with ${errors.length} error(s) (solc ${solc.version()})`);
  process.exit(1);
}
const contract = output.contracts?.[sourceName]?.[CONTRACT];
if (!contract || !contract.evm?.bytecode?.object) {
  console.error(`${sourcePath}: no bytecode for contract ${CONTRACT} in the compiler output`);
  process.exit(1);
}

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, `${CONTRACT}.abi`), JSON.stringify(contract.abi));
writeFileSync(join(outDir, `${CONTRACT}.bin`), contract.evm.bytecode.object);
writeFileSync(join(outDir, `${CONTRACT}.json`), JSON.stringify(output, null, 1));
console.log(`compiled ${sourceName} with solc ${solc.version()} (cancun, optimizer 200 runs) into ${outDir}`);
