package logs

import "sync"

// ChunkSize is the size of the buffers child output is read into: the
// reference reads at most 128 KiB per event (PROC-CLOG-006); one pipe's
// default capacity is 64 KiB, so a read never returns more.
const ChunkSize = 64 << 10

// Chunk is one read buffer, borrowed from a pool with GetChunk and given
// back by the ChildLog that writes it (WriteChunk) or by PutChunk.
type Chunk [ChunkSize]byte

var chunks = sync.Pool{New: func() any { return new(Chunk) }}

// GetChunk borrows a buffer. Its contents are whatever the last user left.
func GetChunk() *Chunk { return chunks.Get().(*Chunk) }

// PutChunk gives a buffer back; nothing may use it afterwards.
func PutChunk(c *Chunk) { chunks.Put(c) }
