import GraphIR
import Testing

@testable import Verify

/// Hostile inputs to the shape and data-movement kernels: each must be refused with the right
/// error code, never trap, never allocate by an unchecked size. (Correct results are checked by
/// the onnx node tests in `ONNXNodeSuiteTests`.)
@Suite struct ShapeKernelTests {
    static let small = InterpreterLimits(maxElements: 10_000)

    /// Runs one node over the given inputs (graph inputs x0, x1, ...; nil for an omitted one).
    static func run(
        _ op: String, _ inputs: [NDArray?], attributes: [Attribute] = [], outputs: Int = 1, opset: Int = 21,
        limits: InterpreterLimits = small
    ) -> Result<[RuntimeValue], InterpreterError> {
        var values: [Value] = []
        var names: [String] = []
        var given: [String: RuntimeValue] = [:]
        for (i, input) in inputs.enumerated() {
            guard let input else {
                names.append("")
                continue
            }
            let name = "x\(i)"
            names.append(name)
            values.append(Value(name: name, dtype: input.dtype))
            given[name] = .tensor(input)
        }
        let outputNames = (0..<outputs).map { "y\($0)" }
        let graph = Graph(
            name: "g", inputs: values, outputs: outputNames.map { Value(name: $0) },
            nodes: [Node(op: op, inputs: names, outputs: outputNames, attributes: attributes)])
        let model = Model(graph: graph, opsetImports: ["": opset])
        do {
            return .success(try Interpreter(model: model, limits: limits).run(given).map(\.value))
        } catch {
            return .failure(error)
        }
    }

    static func code(_ result: Result<[RuntimeValue], InterpreterError>) -> InterpreterError.Code? {
        if case .failure(let error) = result { return error.code }
        return nil
    }

    static func ints(_ values: [Int64]) -> NDArray { NDArray(values, shape: [values.count]) }
    static let matrix = NDArray([Float](repeating: 1, count: 6), shape: [2, 3])
    static let huge: Int64 = 1 << 40

    @Test func badAxesAreRefused() {
        #expect(
            Self.code(
                Self.run("Transpose", [Self.matrix], attributes: [Attribute(name: "perm", value: .ints([0, 0]))]))
                == .invalidAttribute)
        #expect(
            Self.code(
                Self.run("Transpose", [Self.matrix], attributes: [Attribute(name: "perm", value: .ints([0, 5]))]))
                == .invalidAttribute)
        #expect(Self.code(Self.run("Squeeze", [Self.matrix, Self.ints([0])])) == .invalidInput)
        #expect(Self.code(Self.run("Squeeze", [Self.matrix, Self.ints([7])])) == .invalidInput)
        #expect(Self.code(Self.run("Unsqueeze", [Self.matrix, Self.ints([1, 1])])) == .invalidInput)
        #expect(Self.code(Self.run("Unsqueeze", [Self.matrix, Self.ints([Int64.min])])) == .invalidInput)
        #expect(
            Self.code(Self.run("Flatten", [Self.matrix], attributes: [Attribute(name: "axis", value: .int(3))]))
                == .invalidAttribute)
        #expect(
            Self.code(
                Self.run("Concat", [Self.matrix, Self.matrix], attributes: [Attribute(name: "axis", value: .int(2))]))
                == .invalidAttribute)
        #expect(
            Self.code(
                Self.run(
                    "Gather", [Self.matrix, Self.ints([0])], attributes: [Attribute(name: "axis", value: .int(-3))]))
                == .invalidAttribute)
        #expect(Self.code(Self.run("CumSum", [Self.matrix, NDArray.scalar(Int64.max)])) == .invalidAttribute)
        #expect(
            Self.code(
                Self.run(
                    "TopK", [Self.matrix, Self.ints([1])], attributes: [Attribute(name: "axis", value: .int(9))],
                    outputs: 2)) == .invalidAttribute)
        #expect(
            Self.code(Self.run("Slice", [Self.matrix, Self.ints([0]), Self.ints([1]), Self.ints([4])])) == .invalidInput
        )
    }

    @Test func outOfRangeIndicesAreRefused() {
        #expect(Self.code(Self.run("Gather", [Self.matrix, Self.ints([2])])) == .invalidInput)
        #expect(Self.code(Self.run("Gather", [Self.matrix, Self.ints([-3])])) == .invalidInput)
        #expect(Self.code(Self.run("Gather", [Self.matrix, Self.ints([Int64.min])])) == .invalidInput)
        let indices = NDArray([Int64](repeating: 3, count: 6), shape: [2, 3])
        #expect(Self.code(Self.run("GatherElements", [Self.matrix, indices])) == .invalidInput)
        #expect(Self.code(Self.run("ScatterElements", [Self.matrix, indices, Self.matrix])) == .invalidInput)
        let rows = NDArray([Int64(0), 9], shape: [1, 2])
        #expect(Self.code(Self.run("GatherND", [Self.matrix, rows])) == .invalidInput)
        #expect(
            Self.code(Self.run("ScatterND", [Self.matrix, rows, NDArray([Float(1)], shape: [1])])) == .invalidInput)
        #expect(
            Self.code(
                Self.run("GatherND", [Self.matrix, rows], attributes: [Attribute(name: "batch_dims", value: .int(5))]))
                == .invalidInput)
        #expect(Self.code(Self.run("TopK", [Self.matrix, Self.ints([4])], outputs: 2)) == .invalidInput)
        let sequence = Self.run("SplitToSequence", [Self.matrix])
        if case .success(let values) = sequence, case .sequence(let items, _) = values[0] {
            #expect(items.count == 2)
        } else {
            Issue.record("SplitToSequence failed: \(sequence)")
        }
        #expect(
            Self.code(Self.run("Slice", [Self.matrix, Self.ints([0]), Self.ints([1]), Self.ints([0]), Self.ints([0])]))
                == .invalidInput)
        #expect(
            Self.code(
                Self.run(
                    "ReverseSequence", [Self.matrix, Self.ints([3, 9])],
                    attributes: [
                        Attribute(name: "batch_axis", value: .int(0)), Attribute(name: "time_axis", value: .int(1)),
                    ])) == .invalidInput)
    }

    @Test func extremeSliceBoundsClampToTheInput() throws {
        let result = try Self.run(
            "Slice", [Self.matrix, Self.ints([Int64.min, Int64.min]), Self.ints([Int64.max, Int64.max])]
        ).get()
        #expect(result[0].tensor?.shape == [2, 3])
        let reversed = try Self.run(
            "Slice", [Self.matrix, Self.ints([Int64.max]), Self.ints([Int64.min]), Self.ints([1]), Self.ints([-1])]
        ).get()
        #expect(reversed[0].tensor?.shape == [2, 3])
        let farthest = try Self.run(
            "Slice",
            [
                Self.matrix, Self.ints([0, -1]), Self.ints([Int64.max, Int64.min]), Self.ints([0, 1]),
                Self.ints([Int64.max, Int64.min]),
            ]
        ).get()
        #expect(farthest[0].tensor?.shape == [1, 1])
    }

    @Test func oversizedOutputsHitTheElementLimit() {
        #expect(Self.code(Self.run("Expand", [Self.matrix, Self.ints([Self.huge, 2, 3])])) == .limitExceeded)
        #expect(Self.code(Self.run("Tile", [Self.matrix, Self.ints([Self.huge, 1])])) == .limitExceeded)
        #expect(Self.code(Self.run("Tile", [Self.matrix, Self.ints([Int64.max, 2])])) == .limitExceeded)
        #expect(
            Self.code(Self.run("ConstantOfShape", [Self.ints([Self.huge, Self.huge, Self.huge])])) == .invalidInput)
        #expect(Self.code(Self.run("ConstantOfShape", [Self.ints([100, 1000])])) == .limitExceeded)
        #expect(Self.code(Self.run("ConstantOfShape", [Self.ints([-1])])) == .invalidInput)
        #expect(Self.code(Self.run("Pad", [Self.matrix, Self.ints([Self.huge, 0, 0, 0])])) == .limitExceeded)
        #expect(Self.code(Self.run("Pad", [Self.matrix, Self.ints([Int64.max, 0, Int64.max, 0])])) == .invalidInput)
        #expect(Self.code(Self.run("Pad", [Self.matrix, Self.ints([-5, 0, 0, 0])])) == .invalidInput)
        #expect(Self.code(Self.run("Pad", [Self.matrix, Self.ints([Int64.min, 0, Int64.max, 0])])) == .invalidInput)
        #expect(
            Self.code(
                Self.run("Pad", [Self.matrix, Self.ints([-1, 0, 1, 0])], attributes: [
                    Attribute(name: "mode", value: .string(Array("reflect".utf8)))
                ])) == nil)
        let start = NDArray.scalar(0)
        #expect(Self.code(Self.run("Range", [start, NDArray.scalar(Int64.max), NDArray.scalar(1)])) == .limitExceeded)
        #expect(Self.code(Self.run("Range", [start, NDArray.scalar(5), NDArray.scalar(0)])) == .invalidInput)
        let floatStart = NDArray([Float(0)], shape: [])
        #expect(
            Self.code(
                Self.run("Range", [floatStart, NDArray([Float.infinity], shape: []), NDArray([Float(1)], shape: [])]))
                == .invalidInput)
        #expect(
            Self.code(Self.run("OneHot", [Self.ints([1]), NDArray.scalar(Self.huge), Self.ints([0, 1])]))
                == .limitExceeded)
        #expect(
            Self.code(Self.run("OneHot", [Self.ints([1]), NDArray.scalar(20_000), Self.ints([0, 1])])) == .limitExceeded
        )
        let image = NDArray([Float](repeating: 0, count: 4), shape: [1, 1, 2, 2])
        let scales = NDArray([Float(1), 1, 1e9, 1e9], shape: [4])
        #expect(Self.code(Self.run("Resize", [image, nil, scales])) == .limitExceeded)
        #expect(Self.code(Self.run("Resize", [image, nil, nil, Self.ints([1, 1, Self.huge, 1])])) == .limitExceeded)
        #expect(
            Self.code(
                Self.run(
                    "Resize", [image, nil, scales],
                    attributes: [Attribute(name: "mode", value: .string(Array("bogus".utf8)))])) == .invalidAttribute)
        #expect(
            Self.code(
                Self.run(
                    "Col2Im",
                    [
                        NDArray([Float](repeating: 0, count: 4), shape: [1, 4, 1]), Self.ints([Self.huge, Self.huge]),
                        Self.ints([2, 2]),
                    ])) != nil)
    }

    @Test func mismatchedShapesAreRefused() {
        let vector = NDArray([Float](repeating: 1, count: 3), shape: [3])
        #expect(
            Self.code(Self.run("Concat", [Self.matrix, vector], attributes: [Attribute(name: "axis", value: .int(0))]))
                == .invalidInput)
        #expect(
            Self.code(
                Self.run(
                    "Concat", [Self.matrix, Self.ints([1, 2, 3])], attributes: [Attribute(name: "axis", value: .int(0))]
                )) == .invalidInput)
        #expect(
            Self.code(
                Self.run(
                    "Split", [Self.matrix, Self.ints([1, 5])], attributes: [Attribute(name: "axis", value: .int(1))],
                    outputs: 2)) == .invalidInput)
        #expect(
            Self.code(
                Self.run(
                    "Split", [Self.matrix, Self.ints([-1, 4])], attributes: [Attribute(name: "axis", value: .int(1))],
                    outputs: 2)) == .invalidInput)
        #expect(Self.code(Self.run("Expand", [Self.matrix, Self.ints([4, 3])])) == .invalidInput)
        #expect(Self.code(Self.run("Tile", [Self.matrix, Self.ints([2])])) == .invalidInput)
        #expect(Self.code(Self.run("Tile", [Self.matrix, Self.ints([2, -1])])) == .invalidInput)
        #expect(Self.code(Self.run("GatherElements", [Self.matrix, Self.ints([0])])) == .invalidInput)
        let image = NDArray([Float](repeating: 0, count: 12), shape: [1, 3, 2, 2])
        #expect(
            Self.code(Self.run("DepthToSpace", [image], attributes: [Attribute(name: "blocksize", value: .int(2))]))
                == .invalidInput)
        #expect(
            Self.code(
                Self.run("SpaceToDepth", [image], attributes: [Attribute(name: "blocksize", value: .int(Int64.max))]))
                == .invalidInput)
        #expect(
            Self.code(
                Self.run(
                    "Col2Im",
                    [
                        NDArray([Float](repeating: 0, count: 4), shape: [1, 4, 1]), Self.ints([3, 3]),
                        Self.ints([2, 2]),
                    ])) == .invalidInput)
        #expect(Self.code(Self.run("Trilu", [Self.ints([1, 2])])) == .invalidInput)
        #expect(Self.code(Self.run("EyeLike", [vector])) == .invalidInput)
        #expect(
            Self.code(
                Self.run(
                    "Compress", [Self.matrix, NDArray([Bool](repeating: true, count: 9), shape: [9])],
                    attributes: [Attribute(name: "axis", value: .int(0))])) == .invalidInput)
        #expect(Self.code(Self.run("CenterCropPad", [Self.matrix, Self.ints([1])])) == .invalidInput)
    }

    @Test func sequencesAndStringsRefuseBadInput() {
        #expect(Self.code(Self.run("SequenceAt", [Self.matrix, NDArray.scalar(0)])) == .invalidInput)
        #expect(Self.code(Self.run("SequenceConstruct", [Self.matrix, Self.ints([1])])) == .invalidInput)
        #expect(Self.code(Self.run("OptionalGetElement", [nil])) == .invalidInput)
        let strings = NDArray(dtype: .string, shape: [1], storage: .string([Array("a b".utf8)]))
        #expect(
            Self.code(
                Self.run(
                    "RegexFullMatch", [strings],
                    attributes: [Attribute(name: "pattern", value: .string(Array("(".utf8)))])) == .invalidAttribute)
        #expect(
            Self.code(
                Self.run(
                    "StringSplit", [strings], attributes: [Attribute(name: "maxsplit", value: .int(-1))], outputs: 2))
                == .invalidAttribute)
        #expect(Self.code(Self.run("StringConcat", [strings, Self.matrix])) == .invalidInput)
        #expect(
            Self.code(
                Self.run("StringNormalizer", [NDArray(dtype: .string, shape: [1, 1, 1], storage: .string([[]]))]))
                == .invalidInput)
    }

    @Test func emptyArraysWithHugeSizesDoNotLoop() throws {
        // No elements, but sizes whose product overflows: kernels must neither trap nor loop. An
        // output keeping an axis longer than a tensor may be is refused (KernelCall.checkedCount).
        let empty = NDArray(dtype: .float32, shape: [0, 1 << 40, 1 << 40], storage: .float32([]))
        let gathered = Self.run("Gather", [empty, Self.ints([0])], attributes: [Attribute(name: "axis", value: .int(1))])
        #expect(Self.code(gathered) == .limitExceeded)
        let narrow = NDArray(dtype: .float32, shape: [0, 1 << 40, 3], storage: .float32([]))
        let gatheredNarrow = try Self.run(
            "Gather", [narrow, Self.ints([0])], attributes: [Attribute(name: "axis", value: .int(1))]
        ).get()
        #expect(gatheredNarrow[0].tensor?.shape == [0, 1, 3])
        #expect(
            Self.code(Self.run("Flatten", [empty], attributes: [Attribute(name: "axis", value: .int(1))]))
                == .invalidInput)
        let summed = Self.run("CumSum", [empty, NDArray.scalar(1)])
        #expect((try? summed.get())?[0].tensor?.count == 0 || Self.code(summed) == .limitExceeded)
        #expect(
            Self.code(Self.run("SplitToSequence", [empty], attributes: [Attribute(name: "axis", value: .int(1))]))
                == .limitExceeded)
        let rows = NDArray(dtype: .int64, shape: [2, 0, Int.max], storage: .int64([]))
        let batched = Self.run("GatherND", [Self.matrix, rows], attributes: [Attribute(name: "batch_dims", value: .int(1))])
        #expect(Self.code(batched) == .invalidInput)
        let expanded = Self.run("Expand", [empty, Self.ints([1, 1, 1])])
        #expect((try? expanded.get())?[0].tensor?.count == 0 || Self.code(expanded) == .limitExceeded)
    }
}
