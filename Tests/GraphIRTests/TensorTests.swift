import Formats
import Testing

@testable import GraphIR

@Suite struct TensorTests {
    @Test func validTensors() throws {
        try floatTensor("w", [2, 3]).validate()
        try floatTensor("scalar", []).validate()
        try floatTensor("empty", [0, 5]).validate()
        let packed = Tensor(name: "q", dtype: .int4, shape: [3], bytes: TensorBytes(bytes: [0x21, 0x03]))
        try packed.validate()
        #expect(packed.expectedByteCount == 2)
        let text = Tensor(name: "s", shape: [2], strings: [Array("a".utf8), [0xff]])
        try text.validate()
        #expect(text.expectedByteCount == nil)
        #expect(text.strings?.count == 2)
    }

    @Test func byteCountMismatch() {
        #expect(code { try floatTensor("w", [2, 3], byteCount: 23).validate() } == .byteCountMismatch)
        #expect(code { try floatTensor("w", [2, 3], byteCount: 25).validate() } == .byteCountMismatch)
        let packed = Tensor(name: "q", dtype: .uint4, shape: [3], bytes: TensorBytes(bytes: [0]))
        #expect(code { try packed.validate() } == .byteCountMismatch)
    }

    @Test func shapeAndStorageErrors() {
        #expect(code { try floatTensor("w", [-1, 2], byteCount: 0).validate() } == .badShape)
        #expect(code { try floatTensor("w", [Int.max, 2], byteCount: 0).validate() } == .arithmeticOverflow)
        #expect(code { try floatTensor("w", [Int.max / 2], byteCount: 0).validate() } == .arithmeticOverflow)
        #expect(floatTensor("w", [Int.max, 2], byteCount: 0).expectedByteCount == nil)
        let short = Tensor(name: "s", shape: [3], strings: [[1]])
        #expect(code { try short.validate() } == .elementCountMismatch)
        let bytesAsString = Tensor(name: "s", dtype: .string, shape: [1], storage: .bytes(TensorBytes(bytes: [1])))
        #expect(code { try bytesAsString.validate() } == .storageMismatch)
        let stringsAsFloat = Tensor(name: "f", dtype: .float32, shape: [1], storage: .strings([[1]]))
        #expect(code { try stringsAsFloat.validate() } == .storageMismatch)
    }

    @Test func tensorBytesAreViewsNotCopies() throws {
        let storage = ByteStorage(bytes: [UInt8](repeating: 7, count: 64))
        let view = storage.view.slice(16..<32)
        let tensor = Tensor(name: "w", dtype: .float32, shape: [4], bytes: TensorBytes(view))
        try tensor.validate()
        let chunk = try #require(tensor.bytes?.chunks.first)
        #expect(chunk.storage === storage)
        #expect(chunk.range == 16..<32)
    }

    @Test func sparseTensors() throws {
        let values = floatTensor("sp", [2])
        let coordinates = Tensor(name: "", dtype: .int64, shape: [2, 2], bytes: TensorBytes(bytes: [UInt8](repeating: 0, count: 32)))
        try SparseTensor(values: values, indices: coordinates, dims: [3, 4]).validate()
        let linear = Tensor(name: "", dtype: .int64, shape: [2], bytes: TensorBytes(bytes: [UInt8](repeating: 0, count: 16)))
        try SparseTensor(values: values, indices: linear, dims: [3, 4]).validate()
        #expect(code { try SparseTensor(values: values, indices: coordinates, dims: [12]).validate() } == .invalidSparseTensor)
        let floatIndices = floatTensor("", [2])
        #expect(code { try SparseTensor(values: values, indices: floatIndices, dims: [3, 4]).validate() } == .invalidSparseTensor)
        #expect(code { try SparseTensor(values: values, indices: linear, dims: [3, -4]).validate() } == .badShape)
    }
}
