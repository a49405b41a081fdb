import Foundation
import Formats
import Testing
import TestSupport

/// Enumerated corruptions of AIR bytes, each with the error code, offset and field path it must give.
@Suite struct AIRCorruptionTests {
    static func decode(_ bytes: [UInt8]) -> FormatError? {
        do {
            _ = try AIRCodec.decode(ByteStorage(bytes: bytes, path: "bad.air"))
            return nil
        } catch {
            return error
        }
    }

    /// Wire path of the sample's Const tensor: graph[0].op[1].attr[0].value.t
    static let constTensor: [(number: Int, index: Int)] = [(7, 0), (6, 1), (10, 0), (2, 0), (12, 0)]
    static let constTensorPath = "ModelDef.graph[0].op[1].attr[0].value.t"

    @Test func truncatedInsideEveryTopLevelFieldIsLocated() throws {
        let bytes = AIRTestBytes.sample()
        let names = [1: "name", 3: "custom_version", 7: "graph", 11: "attr"]
        var checked = 0
        for field in AIRTestBytes.fields(bytes) where field.value != field.lengthAt {
            for cut in [field.value, field.value + 1, field.end - 1] where cut < field.end && cut > field.lengthAt {
                let error = try #require(Self.decode(Array(bytes[..<cut])), "cut at \(cut)")
                #expect(error.code == .lengthOutOfBounds, "\(error)")
                #expect(error.offset == field.lengthAt)
                #expect(error.file == "bad.air")
                let name = try #require(names[field.number])
                #expect(error.fieldPath == FieldPath(stringLiteral: "ModelDef.\(name)"), "\(error)")
                checked += 1
            }
        }
        #expect(checked >= 9)
    }

    @Test func cutAtTheGraphBoundaryLeavesNoMainGraph() throws {
        let bytes = AIRTestBytes.sample()
        let graph = try #require(AIRTestBytes.fields(bytes).first { $0.number == 7 })
        let error = try #require(Self.decode(Array(bytes[..<graph.key])))
        #expect(error.code == .missingField)
        #expect(error.offset == 0)
        #expect(error.fieldPath == "ModelDef.graph")
        let none = try #require(Self.decode(AIRTestBytes.sample(graph: false)))
        #expect(none.code == .missingField)
    }

    @Test func truncatedInsideAKeyIsTruncated() throws {
        let bytes = AIRTestBytes.varintField(2, 300)  // 10 AC 02
        let error = try #require(Self.decode(Array(bytes[..<2])))
        #expect(error.code == .truncated)
        #expect(error.offset == 1)
    }

    @Test func nestedLengthPastItsMessageEnd() throws {
        var bytes = AIRTestBytes.sample()
        let output = try #require(AIRTestBytes.descend(bytes, [(7, 0), (6, 3)]))
        #expect(bytes[output.lengthAt] < 0x7F)
        bytes[output.lengthAt] = 0x7F
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .lengthOutOfBounds)
        #expect(error.offset == output.lengthAt)
        #expect(error.fieldPath == "ModelDef.graph[0].op")
    }

    @Test func wrongWireTypeForGraph() throws {
        var bytes = AIRTestBytes.sample()
        let graph = try #require(AIRTestBytes.fields(bytes).first { $0.number == 7 })
        bytes[graph.key] = 0x38  // field 7 as a varint
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .invalidWireType)
        #expect(error.offset == graph.key)
        #expect(error.fieldPath == "ModelDef.graph")
    }

    @Test func packedDimsRunEndingInsideAVarint() throws {
        // ShapeDef.dim packed as 01 84: the second varint has its continuation bit set and no more bytes.
        let shape = AIRTestBytes.message(1, [0x01, 0x84])
        let op = AIRTestBytes.string(1, "x") + AIRTestBytes.string(2, "Data")
            + AIRTestBytes.message(34, AIRTestBytes.message(3, shape))
        let bytes = AIRTestBytes.message(7, AIRTestBytes.message(6, op))
        let run = try #require(AIRTestBytes.descend(bytes, [(7, 0), (6, 0), (34, 0), (3, 0), (1, 0)]))
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .truncated, "\(error)")
        #expect(error.offset == run.value + 1)
        #expect(error.fieldPath == "ModelDef.graph[0].op[0].output_desc[0].shape.dim", "\(error)")
    }

    @Test func constDataShorterThanItsDims() throws {
        let bytes = AIRTestBytes.sample(weights: Array(AIRTestBytes.weights.dropLast(4)))
        let data = try #require(AIRTestBytes.descend(bytes, Self.constTensor + [(2, 0)]))
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .sizeMismatch)
        #expect(error.offset == data.value)
        #expect(error.fieldPath == FieldPath(stringLiteral: Self.constTensorPath + ".data"), "\(error)")
    }

    @Test func constWithDimsButNoData() throws {
        let bytes = AIRTestBytes.sample(weights: [])
        let tensor = try #require(AIRTestBytes.descend(bytes, Self.constTensor))
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .sizeMismatch)
        #expect(error.offset == tensor.value)
        #expect(error.fieldPath == FieldPath(stringLiteral: Self.constTensorPath + ".data"))
    }

    @Test func dimsWhoseProductOverflows() throws {
        let bytes = AIRTestBytes.sample(weightDims: [1 << 40, 1 << 40])
        let shape = try #require(AIRTestBytes.descend(bytes, Self.constTensor + [(1, 0), (3, 0)]))
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .arithmeticOverflow)
        #expect(error.offset == shape.key)
        #expect(error.fieldPath == FieldPath(stringLiteral: Self.constTensorPath + ".desc.shape.dim"), "\(error)")
    }

    @Test func negativeDimInAConstant() throws {
        let bytes = AIRTestBytes.sample(weightDims: [-1, 64])
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .invalidValue)
        #expect(error.fieldPath == FieldPath(stringLiteral: Self.constTensorPath + ".desc.shape.dim"))
    }

    @Test func unknownDataTypeCode() throws {
        let bytes = AIRTestBytes.sample(weightType: 99)
        let dtype = try #require(AIRTestBytes.descend(bytes, Self.constTensor + [(1, 0), (2, 0)]))
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .unknownDType)
        #expect(error.offset == dtype.key)
        #expect(error.fieldPath == FieldPath(stringLiteral: Self.constTensorPath + ".desc.dtype"))
    }

    @Test(arguments: ["x", "x:", ":0", "x:-2", "x:1a", "x:+1", "x:99999999999999999999"])
    func badInputReference(_ reference: String) throws {
        let bytes = AIRTestBytes.sample(matmulInputs: ["x:0", reference])
        let input = try #require(AIRTestBytes.descend(bytes, [(7, 0), (6, 2), (5, 1)]))
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .invalidValue)
        #expect(error.offset == input.value)
        #expect(error.fieldPath == "ModelDef.graph[0].op[2].input[1]")
    }

    @Test func controlEdgesAndNamesWithColonsAreAccepted() throws {
        let bytes = AIRTestBytes.sample(matmulInputs: ["x:0", "w:0", "scope:inner:-1"])
        #expect(Self.decode(bytes) == nil)
    }

    @Test func invalidUTF8InAnOpName() throws {
        let op = ProtoBytes.lengthDelimited(1, [0xC3, 0x28])
        let bytes = AIRTestBytes.message(7, AIRTestBytes.message(6, op))
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .invalidValue)
        #expect(error.fieldPath == "ModelDef.graph[0].op[0].name")
    }

    @Test func nestingBeyondTheDepthLimit() throws {
        // AttrDef.g → GraphDef → OpDef → attr → AttrDef.g → … deeper than maxDepth.
        var graph: [UInt8] = []
        for _ in 0..<40 {
            let op = AIRTestBytes.string(2, "If") + AIRTestBytes.attr(10, "then", AIRTestBytes.message(13, graph))
            graph = AIRTestBytes.message(6, op)
        }
        let bytes = AIRTestBytes.message(7, graph)
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .limitExceeded)
    }
}
