/// Builds a FlatBuffer back to front, the way FlatBuffers lays buffers out: children are written before
/// the objects that point at them, so every `uoffset` points forward.
///
/// Determinism: a table's fields are written in a fixed order (widest first, then by id) whatever order
/// they were added in, vtables are trimmed after the last present field and shared between tables with
/// identical vtables (first one written wins), so equal inputs give equal bytes.
/// `forceDefaults` writes scalars even when they equal their default (FlatBuffers' `force_defaults`).
public final class FlatBufferBuilder {
    /// A written object, as its distance from the end of the buffer (stable while the buffer grows).
    public struct Offset: Hashable, Sendable {
        public let value: Int
    }

    public var forceDefaults: Bool
    public let format: String

    private var memory: UnsafeMutableRawPointer
    private var capacity: Int
    /// Bytes written so far (they occupy the last `used` bytes of `memory`).
    private var used = 0
    private var minAlignment = 1
    private var vtables: [[UInt16]: Int] = [:]

    private enum Pending {
        case scalar(bits: UInt64, size: Int)
        case offset(Offset)
        case bytes([UInt8], alignment: Int)
    }
    private var pending: [(id: Int, value: Pending)] = []
    private var inTable = false

    public init(capacity: Int = 1024, forceDefaults: Bool = false, format: String = "flatbuffers") {
        self.capacity = max(64, capacity)
        memory = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 64)
        self.forceDefaults = forceDefaults
        self.format = format
    }

    deinit { memory.deallocate() }

    public var size: Int { used }

    private func overflowError(_ what: String) -> FormatError {
        FormatError(.limitExceeded, format: format, message: "\(what): a FlatBuffer cannot exceed 2 GiB")
    }

    // MARK: Raw space

    /// Makes room for `count` more bytes, growing by doubling (old bytes move to the new end).
    private func reserve(_ count: Int) throws(FormatError) {
        guard count <= Int(Int32.max) - used else { throw overflowError("\(count) more bytes") }
        if used + count <= capacity { return }
        var newCapacity = capacity
        while newCapacity < used + count { newCapacity *= 2 }
        let newMemory = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 64)
        (newMemory + (newCapacity - used)).copyMemory(from: memory + (capacity - used), byteCount: used)
        memory.deallocate()
        memory = newMemory
        capacity = newCapacity
    }

    /// Pads with zeros so that after writing `additional` bytes the size is a multiple of `alignment`.
    private func align(_ alignment: Int, additional: Int = 0) throws(FormatError) {
        if alignment > minAlignment { minAlignment = alignment }
        let padding = (alignment - ((used + additional) % alignment)) % alignment
        try reserve(padding + additional)
        if padding > 0 {
            (memory + (capacity - used - padding)).initializeMemory(as: UInt8.self, repeating: 0, count: padding)
            used += padding
        }
    }

    private func push<T: FixedWidthInteger>(_ value: T) throws(FormatError) {
        try reserve(MemoryLayout<T>.size)
        used += MemoryLayout<T>.size
        (memory + (capacity - used)).storeBytes(of: value.littleEndian, as: T.self)
    }

    private func push(_ bytes: UnsafeRawBufferPointer) throws(FormatError) {
        try reserve(bytes.count)
        used += bytes.count
        if let base = bytes.baseAddress, bytes.count > 0 {
            (memory + (capacity - used)).copyMemory(from: base, byteCount: bytes.count)
        }
    }

    private func pushBits(_ bits: UInt64, size: Int) throws(FormatError) {
        switch size {
        case 1: try push(UInt8(truncatingIfNeeded: bits))
        case 2: try push(UInt16(truncatingIfNeeded: bits))
        case 4: try push(UInt32(truncatingIfNeeded: bits))
        default: try push(bits)
        }
    }

    /// Writes a uoffset to `target`, relative to where it lands.
    private func pushOffset(_ target: Offset) throws(FormatError) {
        try align(4)
        let relative = used + 4 - target.value
        guard relative > 0, relative <= Int(UInt32.max) else { throw overflowError("offset") }
        try push(UInt32(relative))
    }

    // MARK: Objects

    public func createString(_ text: String) throws(FormatError) -> Offset {
        try Array(text.utf8).withBytes { (raw: UnsafeRawBufferPointer) throws(FormatError) -> Offset in
            try createString(bytes: raw)
        }
    }

    /// A string from raw bytes (kept as they are, even if not valid UTF-8).
    public func createString(bytes: UnsafeRawBufferPointer) throws(FormatError) -> Offset {
        try checkOutsideTable()
        try align(4, additional: bytes.count + 1)
        try push(UInt8(0))
        try push(bytes)
        try push(UInt32(bytes.count))
        return Offset(value: used)
    }

    public func createString(_ view: ByteView) throws(FormatError) -> Offset {
        try view.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws(FormatError) -> Offset in try createString(bytes: raw) }
    }

    /// A vector of `count` elements of `elementSize` bytes each, from their little-endian bytes.
    public func createVector(bytes: UnsafeRawBufferPointer, count: Int, elementSize: Int, alignment: Int? = nil)
        throws(FormatError) -> Offset
    {
        try checkOutsideTable()
        let (total, overflow) = count.multipliedReportingOverflow(by: max(elementSize, 0))
        guard count >= 0, elementSize > 0, !overflow, total == bytes.count else {
            throw FormatError(.sizeMismatch, format: format, message: "vector of \(count) x \(elementSize) bytes given \(bytes.count) bytes")
        }
        guard count <= Int(UInt32.max) else { throw overflowError("vector length") }
        try align(4, additional: bytes.count)
        try align(alignment ?? elementSize, additional: bytes.count)
        try push(bytes)
        try push(UInt32(count))
        return Offset(value: used)
    }

    public func createVector(_ view: ByteView, count: Int, elementSize: Int, alignment: Int? = nil) throws(FormatError) -> Offset {
        try view.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws(FormatError) -> Offset in
            try createVector(bytes: raw, count: count, elementSize: elementSize, alignment: alignment)
        }
    }

    public func createVector<T: FixedWidthInteger>(_ values: [T]) throws(FormatError) -> Offset {
        let size = MemoryLayout<T>.size
        var bytes = [UInt8](repeating: 0, count: values.count * size)
        bytes.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() { raw.storeBytes(of: v.littleEndian, toByteOffset: i * size, as: T.self) }
        }
        return try bytes.withBytes { (raw: UnsafeRawBufferPointer) throws(FormatError) -> Offset in
            try createVector(bytes: raw, count: values.count, elementSize: size)
        }
    }

    public func createVector(_ values: [Float]) throws(FormatError) -> Offset {
        try createVector(values.map { $0.bitPattern })
    }

    /// A vector of offsets (tables or strings), in the given order.
    public func createVector(offsets: [Offset]) throws(FormatError) -> Offset {
        try checkOutsideTable()
        try align(4, additional: 4 * offsets.count)
        for target in offsets.reversed() { try pushOffset(target) }
        try push(UInt32(offsets.count))
        return Offset(value: used)
    }

    // MARK: Tables

    public func startTable() throws(FormatError) {
        guard !inTable else { throw FormatError(.invalidValue, format: format, message: "tables cannot nest while being built") }
        inTable = true
        pending.removeAll(keepingCapacity: true)
    }

    private func checkOutsideTable() throws(FormatError) {
        guard !inTable else {
            throw FormatError(.invalidValue, format: format, message: "objects must be created before the table that holds them")
        }
    }

    /// Adds scalar field `id` from its raw bits; skipped when equal to `defaultBits` unless `forceDefaults`.
    public func addScalar(_ id: Int, bits: UInt64, size: Int, defaultBits: UInt64? = nil) {
        if let defaultBits, bits == defaultBits, !forceDefaults { return }
        pending.append((id, .scalar(bits: bits, size: size)))
    }

    public func add<T: FixedWidthInteger>(_ id: Int, _ value: T, default defaultValue: T? = nil) {
        addScalar(
            id, bits: UInt64(truncatingIfNeeded: value), size: MemoryLayout<T>.size,
            defaultBits: defaultValue.map { UInt64(truncatingIfNeeded: $0) })
    }

    public func add(_ id: Int, _ value: Bool, default defaultValue: Bool? = nil) {
        add(id, UInt8(value ? 1 : 0), default: defaultValue.map { UInt8($0 ? 1 : 0) })
    }

    public func add(_ id: Int, _ value: Float, default defaultValue: Float? = nil) {
        add(id, value.bitPattern, default: defaultValue?.bitPattern)
    }

    public func add(_ id: Int, _ value: Double, default defaultValue: Double? = nil) {
        add(id, value.bitPattern, default: defaultValue?.bitPattern)
    }

    /// Adds an offset field (string, vector or table written earlier).
    public func add(_ id: Int, _ offset: Offset?) {
        guard let offset else { return }
        pending.append((id, .offset(offset)))
    }

    /// Adds an inline struct (or raw field bytes) with the given alignment.
    public func addStruct(_ id: Int, bytes: [UInt8], alignment: Int) {
        pending.append((id, .bytes(bytes, alignment: alignment)))
    }

    public func endTable() throws(FormatError) -> Offset {
        guard inTable else { throw FormatError(.invalidValue, format: format, message: "endTable without startTable") }
        inTable = false
        func width(_ value: Pending) -> Int {
            switch value {
            case .scalar(_, let size): size
            case .offset: 4
            case .bytes(_, let alignment): alignment
            }
        }
        // Widest alignment first, then by id: little padding, and an order that ignores the add order.
        let fields = pending.sorted { a, b in
            let wa = width(a.value)
            let wb = width(b.value)
            return wa != wb ? wa > wb : a.id < b.id
        }
        let objectEnd = used
        var positions: [(id: Int, at: Int)] = []
        positions.reserveCapacity(fields.count)
        for field in fields {
            switch field.value {
            case .scalar(let bits, let size):
                try align(size)
                try pushBits(bits, size: size)
            case .offset(let target):
                try pushOffset(target)
            case .bytes(let bytes, let alignment):
                try align(alignment, additional: bytes.count)
                try bytes.withBytes { (raw: UnsafeRawBufferPointer) throws(FormatError) in try push(raw) }
            }
            positions.append((field.id, used))
        }
        try align(4)
        try push(Int32(0))
        let tableOffset = used
        let maxID = positions.map(\.id).max() ?? -1
        guard maxID < 32_766, tableOffset - objectEnd <= Int(UInt16.max) else {
            throw FormatError(.limitExceeded, format: format, message: "table too large for a 16-bit vtable")
        }
        var entries = [UInt16](repeating: 0, count: maxID + 1)
        for (id, at) in positions { entries[id] = UInt16(tableOffset - at) }
        let key = [UInt16(4 + 2 * entries.count), UInt16(tableOffset - objectEnd)] + entries
        let vtableOffset: Int
        if let existing = vtables[key] {
            vtableOffset = existing
        } else {
            for entry in key.reversed() { try push(entry) }
            vtableOffset = used
            vtables[key] = vtableOffset
        }
        // soffset: table position minus vtable position, in file addresses (which run opposite to `used`).
        let soffset = Int32(truncatingIfNeeded: vtableOffset - tableOffset)
        (memory + (capacity - tableOffset)).storeBytes(of: soffset.littleEndian, as: Int32.self)
        return Offset(value: tableOffset)
    }

    // MARK: Finishing

    /// Writes the root offset (and the 4-byte identifier, if any) and returns the finished bytes.
    public func finish(root: Offset, identifier: [UInt8]? = nil) throws(FormatError) -> [UInt8] {
        try checkOutsideTable()
        if let identifier, identifier.count != 4 {
            throw FormatError(.invalidValue, format: format, message: "a file identifier has exactly 4 bytes")
        }
        try align(max(minAlignment, 4), additional: 4 + (identifier == nil ? 0 : 4))
        if let identifier {
            try identifier.withBytes { (raw: UnsafeRawBufferPointer) throws(FormatError) in try push(raw) }
        }
        try pushOffset(root)
        let start = memory + (capacity - used)
        return [UInt8](unsafeUninitializedCapacity: used) { buffer, initialized in
            if let base = buffer.baseAddress { UnsafeMutableRawPointer(base).copyMemory(from: start, byteCount: used) }
            initialized = used
        }
    }
}
