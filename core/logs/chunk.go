package logs

import "sync"

// ChunkSize is the size of the buffers child output is read into: at most
// what the reference reads per event, 128 KiB (PROC-CLOG-006), so a record
// (the unit of rotation) is never larger than the reference's. A default
// pipe holds 64 KiB; a grown one more.
const ChunkSize = 128 << 10

// Chunk is one read buffer, borrowed from a pool with GetChunk and given
// back by the ChildLog that writes it (WriteChunk) or by PutChunk.
type Chunk [ChunkSize]byte

var chunks = sync.Pool{New: func() any { return new(Chunk) }}

// GetChunk borrows a buffer. Its contents are whatever the last user left.
func GetChunk() *Chunk { return chunks.Get().(*Chunk) }

// PutChunk gives a buffer back; nothing may use it afterwards.
func PutChunk(c *Chunk) { chunks.Put(c) }
