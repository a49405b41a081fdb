// NumPy's .npy format (versions 1.0, 2.0, 3.0): a magic string, a header that is a Python dict
// literal ({'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }), then the raw elements.
// The reader trusts nothing: header length, dtype, shape product and payload size are all
// checked before anything is allocated, and a bad file gets an error naming the byte offset.

import Foundation
import Formats
import GraphIR

/// Why a .npy/.npz file could not be read or written.
public struct NumPyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var offset: Int?
    public var field: String
    public var message: String

    public init(file: String?, offset: Int?, field: String, _ message: String) {
        self.file = file
        self.offset = offset
        self.field = field
        self.message = message
    }

    public var description: String {
        let place = [file, offset.map { String(format: "0x%x", $0) }].compactMap { $0 }.joined(separator: ":")
        return "\(place.isEmpty ? "" : place + ": ")npy: \(field): \(message)"
    }
}

/// Reads and writes single arrays in NumPy's .npy format.
public enum NPY {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    /// The most header bytes we accept (NumPy itself refuses headers over 10,000 bytes by default
    /// unless told otherwise; shapes of huge rank need more, so allow some room).
    static let maxHeader = 1 << 20

    // MARK: Reading

    /// Reads a .npy file. `maxElements` bounds the array size (defaults to 2^31).
    public static func read(path: String, maxElements: Int = 1 << 31) throws(NumPyError) -> NDArray {
        let data: [UInt8]
        do {
            data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe))
        } catch {
            throw NumPyError(file: path, offset: nil, field: "file", "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, file: path, maxElements: maxElements)
    }

    /// Decodes .npy bytes.
    public static func decode(_ bytes: [UInt8], file: String? = nil, maxElements: Int = 1 << 31) throws(NumPyError) -> NDArray {
        func fail(_ offset: Int?, _ field: String, _ message: String) -> NumPyError {
            NumPyError(file: file, offset: offset, field: field, message)
        }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw fail(0, "magic", "not a .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail(8, "header_len", "the file ends inside the header length") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw fail(6, "version", "format version \(major).\(bytes[7]) is not supported (1.0, 2.0, 3.0 are)")
        }
        guard headerLength <= maxHeader, headerStart + headerLength <= bytes.count else {
            throw fail(8, "header_len", "header of \(headerLength) bytes does not fit the \(bytes.count)-byte file")
        }
        let headerBytes = Array(bytes[headerStart..<(headerStart + headerLength)])
        guard let header = String(bytes: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw fail(headerStart, "header", "header is not text")
        }
        let parsed = try HeaderParser.parse(header, offset: headerStart, file: file)
        let dataStart = headerStart + headerLength
        let type = try ElementType(descr: parsed.descr, offset: headerStart, file: file)
        var count = 1
        for size in parsed.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, size >= 0 else { throw fail(headerStart, "shape", "shape \(parsed.shape) overflows") }
            count = product
        }
        guard count <= maxElements else {
            throw fail(headerStart, "shape", "shape \(parsed.shape) has \(count) elements, over the limit of \(maxElements)")
        }
        let (needed, overflow) = count.multipliedReportingOverflow(by: type.itemSize)
        guard !overflow, needed <= bytes.count - dataStart else {
            throw fail(dataStart, "data", "\(count) elements of \(parsed.descr) need \(needed) bytes, \(bytes.count - dataStart) are left")
        }
        let payload = Array(bytes[dataStart..<(dataStart + needed)])
        var array = try type.decode(payload, count: count, shape: parsed.shape, offset: dataStart, file: file)
        if parsed.fortranOrder && parsed.shape.count > 1 {
            // Fortran order: the elements are those of the reversed-shape array, transposed.
            let reversed = NDArray(dtype: array.dtype, shape: Array(parsed.shape.reversed()), storage: array.storage)
            array = Axes.transpose(reversed, Array((0..<parsed.shape.count).reversed()))
        }
        return array
    }

    // MARK: Writing

    /// The .npy bytes of `array` (version 1.0, C order, little-endian). bfloat16 and the small
    /// float formats have no NumPy type: they are written as their bit patterns (uint16/uint8).
    public static func encode(_ array: NDArray) throws(NumPyError) -> [UInt8] {
        let descr: String
        var payload: [UInt8]
        switch array.storage {
        case .string(let strings):
            // Fixed-width UTF-32, as NumPy stores str arrays.
            let texts = strings.map { String(decoding: $0, as: UTF8.self) }
            let width = max(1, texts.map { $0.unicodeScalars.count }.max() ?? 1)
            descr = "<U\(width)"
            payload = []
            payload.reserveCapacity(texts.count * width * 4)
            for text in texts {
                var scalars = text.unicodeScalars.map(\.value)
                scalars += Array(repeating: 0, count: width - scalars.count)
                for s in scalars { withUnsafeBytes(of: s.littleEndian) { payload.append(contentsOf: $0) } }
            }
        default:
            descr = try ElementType.descr(for: array.dtype)
            payload = array.rawBytes()
            if array.dtype == .int4 || array.dtype == .uint4 || array.dtype == .int2 || array.dtype == .uint2
                || array.dtype == .float4e2m1, case .bytes8(let unpacked) = array.storage
            {
                payload = unpacked
            }
        }
        let shapeText = array.shape.isEmpty ? "()" : "(" + array.shape.map(String.init).joined(separator: ", ") + (array.shape.count == 1 ? ",)" : ")")
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad with spaces so that the data starts at a multiple of 64, ending with a newline.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = header.utf8.count
        guard length <= 0xFFFF else { throw NumPyError(file: nil, offset: nil, field: "header", "header too long for version 1.0") }
        var out = magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
        out += Array(header.utf8)
        out += payload
        return out
    }

    /// Writes `array` to `path` atomically (temporary file beside it, then rename).
    public static func write(_ array: NDArray, to path: String, protecting inputs: [String] = []) throws(NumPyError) {
        try writeAtomically(try encode(array), to: path, protecting: inputs)
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String, protecting inputs: [String]) throws(NumPyError) {
        do {
            let writer = try AtomicFileWriter(path: path, format: "npy", protecting: inputs)
            do {
                try writer.write(bytes)
                try writer.commit()
            } catch {
                writer.abort()
                throw error
            }
        } catch {
            throw NumPyError(file: path, offset: nil, field: "file", "cannot write: \(error)")
        }
    }
}

/// A NumPy dtype string (`<f4`, `|b1`, `<U7` ...) and how its elements decode.
struct ElementType {
    enum Kind { case fixed(DType), unicode(Int), bytes(Int) }
    let kind: Kind
    let itemSize: Int
    let bigEndian: Bool

    init(descr: String, offset: Int, file: String?) throws(NumPyError) {
        var text = Substring(descr)
        var big = false
        if let first = text.first, "<>|=".contains(first) {
            big = first == ">"
            text = text.dropFirst()
        }
        guard let code = text.first, let size = Int(text.dropFirst()), size > 0, size <= 1 << 20 else {
            throw NumPyError(file: file, offset: offset, field: "descr", "dtype '\(descr)' is not supported")
        }
        bigEndian = big
        switch (code, size) {
        case ("f", 2): kind = .fixed(.float16)
        case ("f", 4): kind = .fixed(.float32)
        case ("f", 8): kind = .fixed(.float64)
        case ("i", 1): kind = .fixed(.int8)
        case ("i", 2): kind = .fixed(.int16)
        case ("i", 4): kind = .fixed(.int32)
        case ("i", 8): kind = .fixed(.int64)
        case ("u", 1): kind = .fixed(.uint8)
        case ("u", 2): kind = .fixed(.uint16)
        case ("u", 4): kind = .fixed(.uint32)
        case ("u", 8): kind = .fixed(.uint64)
        case ("b", 1): kind = .fixed(.bool)
        case ("U", _): kind = .unicode(size)
        case ("S", _): kind = .bytes(size)
        default:
            throw NumPyError(file: file, offset: offset, field: "descr", "dtype '\(descr)' is not supported")
        }
        switch kind {
        case .fixed(let dtype): itemSize = (dtype.bitWidth ?? 8) / 8
        case .unicode(let n): itemSize = n * 4
        case .bytes(let n): itemSize = n
        }
    }

    static func descr(for dtype: DType) throws(NumPyError) -> String {
        switch dtype {
        case .float16: return "<f2"
        case .float32: return "<f4"
        case .float64: return "<f8"
        case .int8: return "|i1"
        case .int16: return "<i2"
        case .int32: return "<i4"
        case .int64: return "<i8"
        case .uint8: return "|u1"
        case .uint16, .bfloat16: return "<u2"
        case .uint32: return "<u4"
        case .uint64: return "<u8"
        case .bool: return "|b1"
        case .int4, .int2: return "|i1"
        case .uint4, .uint2, .float4e2m1, .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0:
            return "|u1"
        case .string, .complex64, .complex128:
            throw NumPyError(file: nil, offset: nil, field: "descr", "\(dtype) has no .npy encoding here")
        }
    }

    func decode(_ payload: [UInt8], count: Int, shape: [Int], offset: Int, file: String?) throws(NumPyError) -> NDArray {
        switch kind {
        case .fixed(let dtype):
            var raw = payload
            if bigEndian && itemSize > 1 {
                for i in 0..<count { raw[(i * itemSize)..<((i + 1) * itemSize)].reverse() }
            }
            if dtype == .bool, let bad = raw.firstIndex(where: { $0 > 1 }) {
                throw NumPyError(file: file, offset: offset + bad, field: "data", "bool element holds \(raw[bad])")
            }
            let tensor = Tensor(name: "", dtype: dtype, shape: shape, bytes: TensorBytes(bytes: raw))
            do {
                return try NDArray(tensor)
            } catch {
                throw NumPyError(file: file, offset: offset, field: "data", error.message)
            }
        case .unicode(let width):
            var strings: [[UInt8]] = []
            strings.reserveCapacity(count)
            for i in 0..<count {
                var scalars = String.UnicodeScalarView()
                for j in 0..<width {
                    let base = (i * width + j) * 4
                    var value = UInt32(payload[base]) | UInt32(payload[base + 1]) << 8 | UInt32(payload[base + 2]) << 16 | UInt32(payload[base + 3]) << 24
                    if bigEndian { value = value.byteSwapped }
                    if value == 0 { break }
                    guard let scalar = Unicode.Scalar(value) else {
                        throw NumPyError(file: file, offset: offset + base, field: "data", "code point \(value) is not valid")
                    }
                    scalars.append(scalar)
                }
                strings.append(Array(String(scalars).utf8))
            }
            return NDArray(dtype: .string, shape: shape, storage: .string(strings))
        case .bytes(let width):
            var strings: [[UInt8]] = []
            for i in 0..<count {
                var item = Array(payload[(i * width)..<((i + 1) * width)])
                while item.last == 0 { item.removeLast() }
                strings.append(item)
            }
            return NDArray(dtype: .string, shape: shape, storage: .string(strings))
        }
    }
}

/// Parses the header dict: exactly the keys descr, fortran_order and shape.
enum HeaderParser {
    struct Header {
        var descr: String
        var fortranOrder: Bool
        var shape: [Int]
    }

    static func parse(_ text: String, offset: Int, file: String?) throws(NumPyError) -> Header {
        func fail(_ message: String) -> NumPyError { NumPyError(file: file, offset: offset, field: "header", message) }
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func skipSpace() { while i < scalars.count, scalars[i] == " " || scalars[i] == "\n" || scalars[i] == "\t" { i += 1 } }
        func expect(_ c: Unicode.Scalar) throws(NumPyError) {
            skipSpace()
            guard i < scalars.count, scalars[i] == c else { throw fail("expected '\(c)' at header character \(i)") }
            i += 1
        }
        func quoted() throws(NumPyError) -> String {
            skipSpace()
            guard i < scalars.count, scalars[i] == "'" || scalars[i] == "\"" else { throw fail("expected a quoted string at \(i)") }
            let quote = scalars[i]
            i += 1
            var out = String.UnicodeScalarView()
            while i < scalars.count, scalars[i] != quote { out.append(scalars[i]); i += 1 }
            guard i < scalars.count else { throw fail("unterminated string") }
            i += 1
            return String(out)
        }
        var descr: String?
        var fortran: Bool?
        var shape: [Int]?
        try expect("{")
        while true {
            skipSpace()
            if i < scalars.count, scalars[i] == "}" { i += 1; break }
            let key = try quoted()
            try expect(":")
            skipSpace()
            switch key {
            case "descr":
                skipSpace()
                if i < scalars.count, scalars[i] == "[" { throw fail("structured dtypes are not supported") }
                descr = try quoted()
            case "fortran_order":
                if text.unicodeScalars.dropFirst(i).starts(with: "True".unicodeScalars) { fortran = true; i += 4 }
                else if text.unicodeScalars.dropFirst(i).starts(with: "False".unicodeScalars) { fortran = false; i += 5 }
                else { throw fail("fortran_order must be True or False") }
            case "shape":
                try expect("(")
                var sizes: [Int] = []
                while true {
                    skipSpace()
                    if i < scalars.count, scalars[i] == ")" { i += 1; break }
                    var digits = ""
                    while i < scalars.count, scalars[i].properties.numericType != nil, digits.count < 19 { digits.unicodeScalars.append(scalars[i]); i += 1 }
                    if i < scalars.count, scalars[i] == "L" { i += 1 }
                    guard let size = Int(digits) else { throw fail("shape holds a non-integer") }
                    sizes.append(size)
                    guard sizes.count <= 64 else { throw fail("shape has more than 64 dimensions") }
                    skipSpace()
                    if i < scalars.count, scalars[i] == "," { i += 1 }
                }
                shape = sizes
            default:
                throw fail("unexpected key '\(key)'")
            }
            skipSpace()
            if i < scalars.count, scalars[i] == "," { i += 1 }
        }
        guard let descr, let fortran, let shape else { throw fail("descr, fortran_order and shape are all required") }
        return Header(descr: descr, fortranOrder: fortran, shape: shape)
    }
}
