/// A FlatBuffers buffer over `ByteStorage`, read in place (FlatBuffers' own layout: a u32 root offset,
/// an optional 4-byte identifier, tables that point at vtables of u16 slots, u32-prefixed vectors and
/// NUL-terminated strings, all little-endian).
///
/// Every accessor checks its bounds and throws a located `FormatError`, so even an unverified buffer
/// cannot make a read trap; `FlatBufferVerifier` is still meant to run first, because it checks the
/// whole tree once (alignment, limits, required fields) and names the first fault precisely.
public struct FlatBuffer: Sendable {
    public let storage: ByteStorage
    /// Absolute offset of byte 0 of the buffer inside `storage`.
    public let start: Int
    /// Absolute offset one past the buffer's last byte.
    public let end: Int
    /// Format name used in errors (e.g. `mslite`).
    public let format: String

    public init(_ view: ByteView, format: String) {
        storage = view.storage
        start = view.range.lowerBound
        end = view.range.upperBound
        self.format = format
    }

    public init(storage: ByteStorage, format: String) {
        self.init(storage.view, format: format)
    }

    public var count: Int { end - start }

    /// The 4 identifier bytes (bytes 4..<8), or nil when the buffer is shorter than 8 bytes.
    public var identifier: [UInt8]? {
        guard count >= 8 else { return nil }
        return storage.withUnsafeBytes { Array($0[(start + 4)..<(start + 8)]) }
    }

    public func error(_ code: FormatError.Code, at offset: Int, _ path: FieldPath, _ message: String) -> FormatError {
        FormatError(code, format: format, file: storage.path, offset: offset, fieldPath: path, message: message)
    }

    /// True when `count` bytes at absolute `offset` lie inside the buffer.
    @inline(__always)
    func contains(_ offset: Int, _ count: Int) -> Bool {
        offset >= start && count >= 0 && offset <= end && count <= end - offset
    }

    /// A little-endian integer at absolute `offset`.
    @inline(__always)
    public func get<T: FixedWidthInteger>(_: T.Type, at offset: Int, _ path: FieldPath) throws(FormatError) -> T {
        guard contains(offset, MemoryLayout<T>.size) else {
            throw error(.lengthOutOfBounds, at: offset, path, "\(MemoryLayout<T>.size) bytes at 0x\(String(offset, radix: 16)) run past the end of the buffer")
        }
        return storage.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// Follows the u32 offset stored at `offset` (FlatBuffers `uoffset_t`: relative to where it is stored).
    @inline(__always)
    func follow(at offset: Int, _ path: FieldPath) throws(FormatError) -> Int {
        let relative = try get(UInt32.self, at: offset, path)
        let target = offset + Int(relative)
        guard relative != 0 else {
            throw error(.invalidValue, at: offset, path, "offset 0 points at itself (a cycle)")
        }
        guard target < end else {
            throw error(.lengthOutOfBounds, at: offset, path, "offset \(relative) points past the end of the buffer")
        }
        return target
    }

    /// The root table (the u32 at byte 0), named `rootName` in error paths.
    public func root(named rootName: String) throws(FormatError) -> FlatTable {
        let path = FieldPath([.field(rootName)])
        guard count >= 4 else { throw error(.truncated, at: start, path, "a FlatBuffer needs at least 4 bytes, has \(count)") }
        return try FlatTable(self, at: follow(at: start, path), path: path)
    }

    /// The bytes at `range` as a zero-copy view (range already checked by the caller).
    func view(_ range: Range<Int>) -> ByteView { ByteView(storage: storage, range: range) }
}

/// One table inside a `FlatBuffer`: its position and its vtable, with typed field accessors.
/// `path` names the table (e.g. `MetaGraph.nodes[3].primitive`) for error messages.
public struct FlatTable: Sendable {
    public let buffer: FlatBuffer
    /// Absolute offset of the table (where its soffset to the vtable is stored).
    public let position: Int
    /// Absolute offset of the vtable.
    public let vtable: Int
    /// The vtable's byte size (4 + 2 x slots).
    public let vtableSize: Int
    /// The table's inline byte size, as its vtable states.
    public let tableSize: Int
    public let path: FieldPath

    /// Reads the table header at absolute `position`, checking the vtable's bounds and sizes.
    public init(_ buffer: FlatBuffer, at position: Int, path: FieldPath) throws(FormatError) {
        self.buffer = buffer
        self.position = position
        self.path = path
        guard (position - buffer.start) % 4 == 0 else {
            throw buffer.error(.invalidValue, at: position, path, "table at 0x\(String(position, radix: 16)) is not 4-byte aligned")
        }
        let relative = try buffer.get(Int32.self, at: position, path)
        let vtable = position - Int(relative)
        guard buffer.contains(vtable, 4) else {
            throw buffer.error(.lengthOutOfBounds, at: position, path, "vtable offset \(relative) points outside the buffer")
        }
        guard (vtable - buffer.start) % 2 == 0 else {
            throw buffer.error(.invalidValue, at: vtable, path, "vtable at 0x\(String(vtable, radix: 16)) is not 2-byte aligned")
        }
        let vtableSize = Int(try buffer.get(UInt16.self, at: vtable, path))
        let tableSize = Int(try buffer.get(UInt16.self, at: vtable + 2, path))
        guard vtableSize >= 4, vtableSize % 2 == 0 else {
            throw buffer.error(.invalidValue, at: vtable, path, "vtable size \(vtableSize) is too short or odd")
        }
        guard buffer.contains(vtable, vtableSize) else {
            throw buffer.error(.lengthOutOfBounds, at: vtable, path, "vtable of \(vtableSize) bytes runs past the end")
        }
        guard tableSize >= 4, buffer.contains(position, tableSize) else {
            throw buffer.error(.lengthOutOfBounds, at: vtable + 2, path, "table size \(tableSize) runs past the end or is below 4")
        }
        self.vtable = vtable
        self.vtableSize = vtableSize
        self.tableSize = tableSize
    }

    /// Number of slots the vtable has.
    public var slotCount: Int { (vtableSize - 4) / 2 }

    /// The field's byte offset inside the table, or 0 when the field is absent.
    @inline(__always)
    public func fieldOffset(_ id: Int) -> Int {
        guard id >= 0, id < 32_768 else { return 0 }
        let slot = 4 + 2 * id
        guard slot + 2 <= vtableSize else { return 0 }
        return buffer.storage.withUnsafeBytes { Int(UInt16(littleEndian: $0.loadUnaligned(fromByteOffset: vtable + slot, as: UInt16.self))) }
    }

    public func has(_ id: Int) -> Bool { fieldOffset(id) != 0 }

    /// Absolute position of field `id` after checking `size` bytes of it fit the table, or nil when absent.
    @inline(__always)
    func fieldPosition(_ id: Int, size: Int, name: String) throws(FormatError) -> Int? {
        let offset = fieldOffset(id)
        if offset == 0 { return nil }
        guard offset >= 4, offset <= tableSize, size <= tableSize - offset else {
            throw buffer.error(
                .lengthOutOfBounds, at: vtable + 4 + 2 * id, path.appending(name),
                "field at table offset \(offset) (\(size) bytes) lies outside the table's \(tableSize) bytes")
        }
        return position + offset
    }

    // MARK: Scalars

    public func integer<T: FixedWidthInteger>(_ id: Int, _ name: String, default value: T) throws(FormatError) -> T {
        guard let at = try fieldPosition(id, size: MemoryLayout<T>.size, name: name) else { return value }
        return try buffer.get(T.self, at: at, path.appending(name))
    }

    public func bool(_ id: Int, _ name: String, default value: Bool) throws(FormatError) -> Bool {
        try integer(id, name, default: UInt8(value ? 1 : 0)) != 0
    }

    public func float32(_ id: Int, _ name: String, default value: Float) throws(FormatError) -> Float {
        Float(bitPattern: try integer(id, name, default: value.bitPattern))
    }

    public func float64(_ id: Int, _ name: String, default value: Double) throws(FormatError) -> Double {
        Double(bitPattern: try integer(id, name, default: value.bitPattern))
    }

    /// The raw bits of a scalar field of `size` bytes (zero-extended), or nil when absent.
    public func scalarBits(_ id: Int, _ name: String, size: Int) throws(FormatError) -> UInt64? {
        guard let at = try fieldPosition(id, size: size, name: name) else { return nil }
        let p = path.appending(name)
        switch size {
        case 1: return UInt64(try buffer.get(UInt8.self, at: at, p))
        case 2: return UInt64(try buffer.get(UInt16.self, at: at, p))
        case 4: return UInt64(try buffer.get(UInt32.self, at: at, p))
        default: return try buffer.get(UInt64.self, at: at, p)
        }
    }

    // MARK: References

    /// Absolute position of the object field `id` points to, or nil when absent.
    public func target(_ id: Int, _ name: String) throws(FormatError) -> Int? {
        guard let at = try fieldPosition(id, size: 4, name: name) else { return nil }
        return try buffer.follow(at: at, path.appending(name))
    }

    /// The bytes of string field `id` (without its NUL), zero-copy.
    public func stringView(_ id: Int, _ name: String) throws(FormatError) -> ByteView? {
        guard let at = try target(id, name) else { return nil }
        return try buffer.stringView(at: at, path.appending(name))
    }

    /// String field `id` decoded as UTF-8 (invalid sequences are repaired; use `stringView` to keep bytes).
    public func string(_ id: Int, _ name: String) throws(FormatError) -> String? {
        try stringView(id, name).map { view in view.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
    }

    /// Vector field `id`: element count and the elements' bytes as a zero-copy view.
    public func vector(_ id: Int, _ name: String, elementSize: Int) throws(FormatError) -> (count: Int, bytes: ByteView)? {
        guard let at = try target(id, name) else { return nil }
        return try buffer.vector(at: at, elementSize: elementSize, path.appending(name))
    }

    /// Vector of fixed-width integers (copied out; use `vector` for a view).
    public func integers<T: FixedWidthInteger>(_ id: Int, _ name: String, as _: T.Type) throws(FormatError) -> [T]? {
        guard let (count, bytes) = try vector(id, name, elementSize: MemoryLayout<T>.size) else { return nil }
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
        }
    }

    public func table(_ id: Int, _ name: String) throws(FormatError) -> FlatTable? {
        guard let at = try target(id, name) else { return nil }
        return try FlatTable(buffer, at: at, path: path.appending(name))
    }

    /// Vector of tables; element `i` is named `name[i]` in errors.
    public func tables(_ id: Int, _ name: String) throws(FormatError) -> [FlatTable]? {
        guard let (count, bytes) = try vector(id, name, elementSize: 4) else { return nil }
        var out: [FlatTable] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            let slot = bytes.range.lowerBound + 4 * i
            let element = path.appending(name, index: i)
            out.append(try FlatTable(buffer, at: buffer.follow(at: slot, element), path: element))
        }
        return out
    }

    /// Vector of strings, each as a zero-copy view.
    public func strings(_ id: Int, _ name: String) throws(FormatError) -> [ByteView]? {
        guard let (count, bytes) = try vector(id, name, elementSize: 4) else { return nil }
        var out: [ByteView] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            let slot = bytes.range.lowerBound + 4 * i
            let element = path.appending(name, index: i)
            out.append(try buffer.stringView(at: buffer.follow(at: slot, element), element))
        }
        return out
    }
}

extension FlatBuffer {
    /// The string at absolute `at`: u32 length, bytes, NUL.
    func stringView(at: Int, _ path: FieldPath) throws(FormatError) -> ByteView {
        let length = Int(try get(UInt32.self, at: at, path))
        guard contains(at + 4, length), contains(at + 4 + length, 1) else {
            throw error(.lengthOutOfBounds, at: at, path, "string of \(length) bytes runs past the end of the buffer")
        }
        return view((at + 4)..<(at + 4 + length))
    }

    /// The vector at absolute `at`: u32 count, then `count * elementSize` bytes.
    func vector(at: Int, elementSize: Int, _ path: FieldPath) throws(FormatError) -> (count: Int, bytes: ByteView) {
        let count = Int(try get(UInt32.self, at: at, path))
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow, contains(at + 4, bytes) else {
            throw error(
                .lengthOutOfBounds, at: at, path,
                "vector of \(count) x \(elementSize) bytes runs past the end of the buffer (\(max(0, end - at - 4)) bytes left)")
        }
        return (count, view((at + 4)..<(at + 4 + bytes)))
    }
}
