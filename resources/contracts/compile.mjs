// Compiles FederatedRounds.sol with solc-js (npm solc@0.8.37) through the standard-JSON API
// (https://docs.soliditylang.org/en/latest/using-the-compiler.html#compiler-input-and-output-json-description).
// Usage: node compile.mjs <outputDir>
// Writes <outputDir>/FederatedRounds.abi (JSON ABI), FederatedRounds.bin (creation bytecode, hex
// without 0x) and FederatedRounds.json (the compiler's full standard-JSON output).
// Exits 1 and prints the compiler's errors when compilation fails, 2 on bad usage.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

const CONTRACT = 'FederatedRounds';
const here = dirname(fileURLToPath(import.meta.url));

if (process.argv.length !== 3) {
  console.error('usage: node compile.mjs <outputDir>');
  process.exit(2);
}
const outDir = resolve(process.argv[2]);
const sourceName = `${CONTRACT}.sol`;
const sourcePath = join(here, sourceName);

const input = {
  language: 'Solidity',
  sources: { [sourceName]: { content: readFileSync(sourcePath, 'utf8') } },
  settings: {
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.gasEstimates', 'metadata'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
const diagnostics = output.errors ?? [];
const errors = diagnostics.filter((d) => d.severity === 'error');
for (const d of diagnostics.filter((d) => d.severity !== 'error')) {
  console.warn(d.formattedMessage ?? d.message);
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
