// Independent CAR test vectors: ipfs-unixfs-importer (kubo layout) + @ipld/car, and ipfs-car CLI for its own layout.
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { CarWriter } from '@ipld/car/writer'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import fs from 'node:fs'

function pattern(len, mod) { const b = new Uint8Array(len); for (let i = 0; i < len; i++) b[i] = i % mod; return b }

async function get(bs, cid) { const r = await bs.get(cid); if (r instanceof Uint8Array) return r; const parts=[]; for await (const p of r) parts.push(p); return Buffer.concat(parts) }

async function vector(name, data, opts) {
  const bs = new MemoryBlockstore()
  const order = []
  const orig = bs.put.bind(bs)
  bs.put = async (cid, bytes, o) => { order.push(cid.toString()); return orig(cid, bytes, o) }
  let root
  for await (const entry of importer([{ content: data }], bs, { cidVersion: 1, rawLeaves: true, reduceSingleLeafToSelf: true,
      chunker: fixedSize({ chunkSize: opts.chunk }), layout: balanced({ maxChildrenPerNode: opts.width }) })) root = entry.cid
  // depth-first pre-order in link order, each block once (ipfs dag export order)
  const { writer, out } = CarWriter.create([root])
  const chunks = []
  const done = (async () => { for await (const c of out) chunks.push(c) })()
  const seen = new Set()
  async function walk(cid) {
    if (seen.has(cid.toString())) return
    seen.add(cid.toString())
    const bytes = await get(bs, cid)
    await writer.put({ cid, bytes })
    if (cid.code === dagPb.code) for (const l of dagPb.decode(bytes).Links) await walk(l.Hash)
  }
  await walk(root)
  await writer.close(); await done
  fs.writeFileSync(`out/${name}.car`, Buffer.concat(chunks))
  fs.writeFileSync(`out/${name}.bin`, data)
  console.log(name, root.toString(), 'blocks', seen.size, 'putOrder', order.length)
}
await vector('pattern-1MiB-mod256', pattern(1 << 20, 256), { chunk: 262144, width: 174 })
await vector('pattern-600KiB-mod251', pattern(600 * 1024, 251), { chunk: 262144, width: 174 })
await vector('pattern-1000B-mod7-chunk100-width3', pattern(1000, 7), { chunk: 100, width: 3 })
