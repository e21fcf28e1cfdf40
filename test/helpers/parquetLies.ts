/**
 * Parquet files that lie, made from a small valid one: the file is taken
 * apart (footer and every page header, with hyparquet's own parsers) and put
 * together again (with hyparquet-writer's thrift writers), with one field
 * changed on the way: a footer row count, a page's claimed size, a
 * dictionary's length, a page's bytes. Offsets and chunk sizes are
 * recomputed, so each file is well-formed except for the one lie.
 */
import { type FileMetaData, type PageHeader, parquetMetadata } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';

export interface Page {
  header: PageHeader;
  data: Uint8Array;
}

export interface Lie {
  /** Change (or replace) a page of a column chunk; `index` counts the chunk's pages from 0. */
  page?: (column: string, group: number, page: Page, index: number) => Page | undefined;
  /** Change the footer after the chunks were laid out again. */
  footer?: (m: FileMetaData) => void;
}

/** The file with the lie told. */
export function lie(file: Uint8Array, how: Lie): Uint8Array {
  const buf = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  const meta = parquetMetadata(buf);
  const w = new ByteWriter();
  w.appendBytes(new TextEncoder().encode('PAR1'));
  meta.row_groups.forEach((g, gi) => {
    for (const c of g.columns) {
      const m = c.meta_data!;
      const name = m.path_in_schema[0];
      const start = Number(m.dictionary_page_offset || m.data_page_offset);
      const end = start + Number(m.total_compressed_size);
      const reader = { view: new DataView(buf, 0, end), offset: start };
      const newStart = w.offset;
      let firstData: number | undefined;
      let dict: number | undefined;
      let i = 0;
      while (reader.offset < end) {
        const header = parquetHeader(reader);
        const data = new Uint8Array(buf, reader.offset, header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        const page = how.page?.(name, gi, { header, data: data.slice() }, i++) ?? {
          header,
          data,
        };
        if (page.header.type === 'DICTIONARY_PAGE') dict ??= w.offset;
        else firstData ??= w.offset;
        writePageHeader(w, page.header);
        w.appendBytes(page.data);
      }
      m.dictionary_page_offset = dict === undefined ? undefined : BigInt(dict);
      m.data_page_offset = BigInt(firstData ?? newStart);
      m.total_compressed_size = BigInt(w.offset - newStart);
      c.file_offset = BigInt(newStart);
      c.offset_index_offset = undefined;
      c.offset_index_length = undefined;
      c.column_index_offset = undefined;
      c.column_index_length = undefined;
      m.bloom_filter_offset = undefined;
      m.bloom_filter_length = undefined;
      // Statistics would make the footer writer look the column up in the (possibly lying) schema.
      m.statistics = undefined;
    }
  });
  how.footer?.(meta);
  writeMetadata(w, meta); // the footer and its length
  w.appendBytes(new TextEncoder().encode('PAR1'));
  return new Uint8Array(w.getBuffer());
}
