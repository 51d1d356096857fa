import Glibc

/// Reads a segment file as lines, in chunks, from any byte offset, telling complete lines from a partial last one.
package struct LineReader {
    /// What the next piece of the file is.
    package enum Line {
        /// A line ending in `\n`: its offset in the file and its bytes without the `\n`.
        case complete(offset: Int64, bytes: [UInt8])
        /// Bytes after the last `\n` at the end of the file: the remains of a write cut short.
        case partial(offset: Int64, length: Int)
    }

    private let file: SegmentFile
    private var buffer: [UInt8]
    /// The file offset of `buffer[0]`.
    private var bufferOffset: Int64
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// The file offset reading stops at, if it stops before the file's end.
    private let limit: Int64?

    /// - Parameters:
    ///   - file: the segment, open for reading.
    ///   - offset: where to start; must be the start of a line.
    ///   - limit: the file offset to stop at, as if the file ended there (nil: its end).
    ///   - chunkBytes: how much to read at a time.
    package init(file: SegmentFile, offset: Int64, limit: Int64? = nil, chunkBytes: Int = 1 << 20) {
        self.file = file
        self.buffer = [UInt8](repeating: 0, count: chunkBytes)
        self.bufferOffset = offset
        self.limit = limit
    }

    /// The next line, or nil at the end of the file.
    package mutating func next() throws(EventLogError) -> Line? {
        while true {
            let newline = buffer.withUnsafeBytes { raw -> Int? in
                guard end > start, let found = memchr(raw.baseAddress! + start, 0x0A, end - start) else { return nil }
                return UnsafeRawPointer(found) - raw.baseAddress!
            }
            if let newline {
                let line = Line.complete(offset: bufferOffset + Int64(start), bytes: Array(buffer[start..<newline]))
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < end else { return nil }
                let partial = Line.partial(offset: bufferOffset + Int64(start), length: end - start)
                start = end
                return partial
            }
            try refill()
        }
    }

    /// Moves the unread bytes to the front, grows the buffer if a line fills it, and reads more.
    private mutating func refill() throws(EventLogError) {
        if start > 0 {
            buffer.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: end - start)
            }
            bufferOffset += Int64(start)
            end -= start
            start = 0
        }
        if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
        let readOffset = bufferOffset + Int64(end)
        var room = buffer.count - end
        if let limit { room = Int(max(0, min(Int64(room), limit - readOffset))) }
        let count =
            room == 0
            ? 0
            : try buffer.withUnsafeMutableBytes { raw in
                Result { () throws(EventLogError) in
                    try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end..<end + room]), at: readOffset)
                }
            }.get()
        if count == 0 { atEnd = true }
        end += count
    }
}
