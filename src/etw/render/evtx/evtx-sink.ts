/**
 * The EVTX dump (`-of EVTX`): a Windows event log file, written as it streams.
 * The file starts with a 4096-byte header block, written as zeros first and
 * filled in at the end (chunk count and next record id are known only then);
 * then one 64 KiB chunk after another, each filled in a reused buffer and
 * written when the next record does not fit. Memory stays at one chunk plus the
 * template identities of the shapes met. Records are numbered from 1 in the
 * order written (EventRecordID).
 *
 * Nothing is lost silently: a record too large for an empty chunk (a record
 * lives in one chunk) has its longest values shortened until it fits, and
 * events past the 65535 chunks a file can count are not written (nor one with
 * too many values for any chunk); each kind is counted and reported through
 * `warn` at the end.
 */
import type { OutputFile } from '../output-file.js';
import type { DecodedEvent, EventSink, SinkContext } from '../sink.js';
import { ValueType } from './binxml-tokens.js';
import { BinXmlWriter } from './binxml-writer.js';
import { ChunkBuilder, ChunkFull } from './chunk-builder.js';
import { eventTree } from './event-content.js';
import { shapeKey, treeValues, type EvtxElement, type EvtxValue } from './event-tree.js';
import { FILE_HEADER_BLOCK, fileHeader, MAX_CHUNKS } from './file-header.js';
import { TemplateCatalog, type TemplateIdentity } from './template-catalog.js';

export interface EvtxSinkOptions {
  /** -rts: the raw timestamp as a RawTime attribute of TimeCreated. */
  rawTimestamp?: boolean;
  /** Receives one line per kind of loss at the end (shortened values, events past the chunk limit). */
  warn?: (text: string) => void;
}

/** Halving the longest value this many times brings any record under a chunk's size. */
const MAX_CUTS = 24;

/** Shorten the longest string or binary value to half its length; false when there is none left to shorten. */
function halveLongest(values: EvtxValue[]): boolean {
  let longest: EvtxValue | null = null;
  let size = 0;
  for (const v of values) {
    const n = v.type === ValueType.String ? v.text!.length * 2 : v.type === ValueType.Binary ? v.bytes!.length : 0;
    if (n > size) { size = n; longest = v; }
  }
  if (longest === null) return false;
  if (longest.type === ValueType.Binary) longest.bytes = longest.bytes!.subarray(0, longest.bytes!.length >> 1);
  else {
    let end = longest.text!.length >> 1;
    const last = longest.text!.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--; // keep surrogate pairs whole
    longest.text = longest.text!.slice(0, end);
  }
  return true;
}

export class EvtxSink implements EventSink {
  readonly needsPayload = true;
  private readonly chunk = new ChunkBuilder();
  private readonly writer = new BinXmlWriter(this.chunk);
  private readonly templates = new TemplateCatalog();
  private readonly rawTimestamp: boolean;
  private chunks = 0;
  private nextId = 1n;
  private shortened = 0;
  private notWritten = 0;
  private tooLarge = 0;

  constructor(private readonly out: OutputFile, private readonly options: EvtxSinkOptions = {}) {
    this.rawTimestamp = options.rawTimestamp === true;
  }

  begin(_ctx: SinkContext): void {
    this.out.writeEncoded(Buffer.alloc(FILE_HEADER_BLOCK));
  }

  write(ev: DecodedEvent): void {
    if (this.chunks === MAX_CHUNKS) { this.notWritten++; return; }
    const r = ev.record;
    const id = this.nextId;
    const tree = eventTree(r, ev.decoded, id, { rawTimestamp: this.rawTimestamp });
    const template = this.templates.identity(shapeKey(tree, this.templates.literalId));
    const values = treeValues(tree);
    if (!this.tryRecord(id, r.fileTime, tree, template, values)) {
      if (this.chunk.count > 0) {
        this.writeChunk();
        if (this.chunks === MAX_CHUNKS) { this.notWritten++; return; }
      }
      if (!this.tryRecord(id, r.fileTime, tree, template, values)) {
        let fitted = false;
        for (let i = 0; i < MAX_CUTS && !fitted && halveLongest(values); i++) fitted = this.tryRecord(id, r.fileTime, tree, template, values);
        if (!fitted) { this.tooLarge++; return; }
        this.shortened++;
      }
    }
    this.nextId++;
  }

  private tryRecord(id: bigint, time: bigint, tree: EvtxElement, template: TemplateIdentity, values: EvtxValue[]): boolean {
    const chunk = this.chunk;
    chunk.beginRecord();
    try {
      this.writer.record(id, time, tree, template, values);
    } catch (e) {
      if (!(e instanceof ChunkFull)) throw e;
      chunk.rollbackRecord();
      return false;
    }
    chunk.commitRecord(id);
    return true;
  }

  private writeChunk(): void {
    this.out.writeEncoded(this.chunk.finish());
    this.chunks++;
    this.chunk.reset();
  }

  end(): void {
    if (this.chunk.count > 0) this.writeChunk();
    this.out.writeAt(0, fileHeader({ chunkCount: this.chunks, nextRecordId: this.nextId }));
    this.out.commit();
    const warn = this.options.warn;
    if (warn === undefined) return;
    const path = this.out.path;
    if (this.shortened > 0) warn(`${path}: ${this.shortened} event(s) did not fit in one 64 KiB EVTX chunk; their longest values were shortened`);
    if (this.tooLarge > 0) warn(`${path}: ${this.tooLarge} event(s) not written: too many values for one 64 KiB EVTX chunk`);
    if (this.notWritten > 0) warn(`${path}: ${this.notWritten} event(s) not written: an EVTX file holds at most ${MAX_CHUNKS} chunks of 64 KiB`);
  }
}
