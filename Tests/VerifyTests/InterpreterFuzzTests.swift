import Convert
import Foundation
import GraphIR
import Testing
import TestSupport
@testable import Verify

/// A bounded mutation fuzz of the interpreter itself: the onnx node tests' models and inputs
/// (every op the kernels know, with data that reaches them), mutated in their attributes,
/// inputs (values, shapes, element types), node wiring and opset, then run on the reference and
/// the fast backend under small limits. Every run must end in outputs or an `InterpreterError`
/// (typed throws makes any other error impossible); a trap fails the whole test process.
///
/// `MSHUB_FUZZ_ITERATIONS` (default 4000) sets the count, of which this runs half;
/// `MSHUB_FUZZ_SEED` the base seed. Each iteration draws from its own generator
/// (base seed + iteration), so `MSHUB_FUZZ_ONLY=N` replays iteration N alone, and
/// `MSHUB_FUZZ_TRACE=FILE` writes each iteration's case and mutations to FILE before it runs:
/// after a trap, FILE names the culprit.
@Suite struct InterpreterFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static var iterations: Int { (Int(environment["MSHUB_FUZZ_ITERATIONS"] ?? "") ?? 4000) / 2 }
    static var seed: UInt64 { UInt64(environment["MSHUB_FUZZ_SEED"] ?? "") ?? 20261130 }

    static let limits = InterpreterLimits(maxElements: 1 << 20, maxLiveBytes: 64 << 20, maxLoopIterations: 64, maxDepth: 16)

    struct Seed {
        let name: String
        let model: Model
        let inputs: [String: RuntimeValue]
    }

    /// Every node-test case that imports, with its first data set.
    static func seeds() throws -> [Seed] {
        let suite = try ONNXNodeTestCases.require()
        var seeds: [Seed] = []
        for name in suite.cases {
            guard case .success(let loaded) = NodeTestSuite.load(suite.root.appendingPathComponent(name)),
                let first = loaded.dataSets.first
            else { continue }
            seeds.append(Seed(name: name, model: loaded.model, inputs: first.inputs))
        }
        return seeds
    }

    /// The fixture networks (MindSpore's ONNX and MindIR, Lite's `.ms`) with their recorded
    /// inputs: whole graphs, where the fast backend's fusions and the importers' rewrites apply.
    static func networkSeeds() throws -> [Seed] {
        var files: [(model: String, inputs: String)] = []
        for net in ["lenet", "resblock", "transformer"] {
            for format in ["onnx", "mindir"] { files.append(("models/\(net).\(format)", "models/\(net).inputs.npz")) }
        }
        for net in ["cnn", "transformer"] { files.append(("mslite/\(net).ms", "mslite/\(net).inputs.npz")) }
        return try files.map { file in
            let model = try ModelLoader.load(path: Project.testdata(file.model))
            let arrays = try NPZ.read(path: Project.testdata(file.inputs)).sorted { $0.name < $1.name }.map(\.array)
            let initialized = Set(model.graph.initializers.map(\.name))
            let names = model.graph.inputs.filter { !initialized.contains($0.name) }.map(\.name)
            #expect(names.count == arrays.count, "\(file.model)")
            var inputs: [String: RuntimeValue] = [:]
            for (name, array) in zip(names, arrays) { inputs[name] = .tensor(array) }
            return Seed(name: file.model, model: model, inputs: inputs)
        }
    }

    @Test func mutatedModelsRunOrFailCleanly() throws {
        let seeds = try Self.seeds()
        #expect(seeds.count > 1500, "seeds: \(seeds.count)")
        let networks = try Self.networkSeeds()
        let only = Self.environment["MSHUB_FUZZ_ONLY"].flatMap { Int($0) }
        let trace = Self.environment["MSHUB_FUZZ_TRACE"].flatMap { path -> FileHandle? in
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }
        var converted = 0
        var conversionsRefused = 0
        var ran = 0
        var refused = 0
        var codes: [InterpreterError.Code: Int] = [:]
        var slowest = (seconds: 0.0, line: "")
        for iteration in only.map({ [$0] }) ?? Array(0..<Self.iterations) {
            var rng = SeededGenerator(seed: Self.seed &+ UInt64(iteration) &* 0x9E37_79B9)
            let seed = rng.next() % 10 == 0
                ? networks[Int(rng.next() % UInt64(networks.count))] : seeds[Int(rng.next() % UInt64(seeds.count))]
            var mutant = Mutant(model: seed.model, inputs: seed.inputs)
            var done: [String] = []
            for _ in 0..<(1 + Int(rng.next() % 4)) { done.append(mutant.mutate(&rng)) }
            let line = "iteration \(iteration) \(seed.name): \(done.joined(separator: "; "))"
            if let trace {
                trace.truncateFile(atOffset: 0)
                trace.write(Data((line + "\n").utf8))
            }
            if only != nil { print(line) }
            let start = Date()
            var shapes: [Backend: [String]] = [:]
            for backend in [Backend.reference, .fast] {
                let interpreter = Interpreter(model: mutant.model, backend: backend, limits: Self.limits)
                do {
                    let outputs = try interpreter.run(mutant.inputs)
                    shapes[backend] = outputs.map { $0.value.summary }
                    ran += 1
                } catch {
                    #expect(!error.message.isEmpty)
                    codes[error.code, default: 0] += 1
                    refused += 1
                    if only != nil { print("  \(backend): \(error)") }
                }
            }
            if let a = shapes[.reference], let b = shapes[.fast] {
                #expect(a == b, "\(line): reference gives \(a), fast \(b)")
            }
            // And what `mshub convert` and `mshub check` do with it: the passes, the export to
            // one graph format, the bytes read back and run.
            let target = Converter.graphTargets[Int(rng.next() % UInt64(Converter.graphTargets.count))]
            let options = ConversionOptions(precision: rng.next() % 4 == 0 ? .float16 : nil, optimize: rng.next() % 2 == 0)
            do {
                let (prepared, _) = try Converter.prepare(mutant.model, for: target, options: options)
                try Converter.checkSupported(prepared, for: target)
                var typed = prepared
                if target == .mindir {
                    let wanted = MindIRExporter.shapesWanted(prepared)
                    if !wanted.isEmpty { typed = PartialTypes.annotated(prepared, names: wanted, seed: 0) }
                }
                let back = try ConversionCheck.roundTrip(typed, target)
                _ = try? Interpreter(model: back, limits: Self.limits).run(mutant.inputs)
                converted += 1
            } catch {
                #expect(!"\(error)".isEmpty)
                conversionsRefused += 1
            }
            let seconds = Date().timeIntervalSince(start)
            if seconds > slowest.seconds { slowest = (seconds, line) }
        }
        print("interpreter fuzz: \(ran) runs ended in outputs, \(refused) in errors \(codes.sorted { $0.key.rawValue < $1.key.rawValue }); conversions: \(converted) written and read back, \(conversionsRefused) refused; slowest \(String(format: "%.2f", slowest.seconds)) s: \(slowest.line)")
        if only == nil {
            #expect(ran > Self.iterations / 4)
            #expect(refused > Self.iterations / 4)
            #expect(converted > Self.iterations / 20)
        }
    }
}

/// A model and its inputs, changed one mutation at a time; each mutation says what it did.
struct Mutant {
    var model: Model
    var inputs: [String: RuntimeValue]

    static let ints: [Int64] = [
        0, 1, -1, 2, -2, 3, 4, 7, 64, -64, 1 << 20, Int64(Int32.max), Int64(Int32.min), Int64.max, Int64.min, Int64.max - 1,
        Int64.min + 1, 1 << 40,
    ]
    static let floats: [Float] = [0, -0.0, 1, -1, 0.5, .nan, .infinity, -.infinity, 1e30, -1e-30, .greatestFiniteMagnitude, 1e-45]
    static let strings = [
        "", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID", "constant", "reflect", "edge", "wrap", "nearest", "linear", "cubic",
        "asymmetric", "half_pixel", "align_corners", "tf_crop_and_resize", "round_prefer_floor", "floor", "ceil", "DCR", "CRD",
        "bilinear", "zeros", "border", "reflection", "max", "avg", "add", "mul", "none", "tanh", "Sigmoid", "Relu", "HardSigmoid",
        "forward", "reverse", "bidirectional", "ij,jk->ik", "...ii->...i", "abc", "\u{0}\u{ff}",
    ]
    static let attributeNames = [
        "axis", "axes", "perm", "pads", "strides", "dilations", "group", "kernel_shape", "keepdims", "to", "mode", "batch_dims",
        "blocksize", "ceil_mode", "count_include_pad", "auto_pad", "starts", "ends", "split", "shape", "transA", "transB", "alpha",
        "beta", "epsilon", "exclusive", "reverse", "largest", "sorted", "k", "direction", "hidden_size", "select_last_index",
        "noop_with_empty_axes", "allowzero", "output_padding", "output_shape", "storage_order", "p", "lambd", "bias", "size",
    ]

    /// `value` off by one either way, or negated: where bounds checks are most often wrong.
    static func nudged(_ value: Int64, _ rng: inout SeededGenerator) -> Int64 {
        switch rng.next() % 3 {
        case 0: return value &+ 1
        case 1: return value &- 1
        default: return 0 &- value
        }
    }

    func pick<T>(_ items: [T], _ rng: inout SeededGenerator) -> T { items[Int(rng.next() % UInt64(items.count))] }
    func below(_ n: Int, _ rng: inout SeededGenerator) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }

    mutating func mutate(_ rng: inout SeededGenerator) -> String {
        switch below(10, &rng) {
        case 0, 1, 2: return mutateAttribute(&rng)
        case 3: return addAttribute(&rng)
        case 4, 5: return mutateInputValues(&rng)
        case 6: return reshapeInput(&rng)
        case 7: return retypeInput(&rng)
        case 8: return rewire(&rng)
        default:
            let version = 1 + below(24, &rng)
            model.opsetImports[""] = version
            return "opset \(version)"
        }
    }

    mutating func mutateAttribute(_ rng: inout SeededGenerator) -> String {
        let candidates = model.graph.nodes.indices.filter { !model.graph.nodes[$0].attributes.isEmpty }
        guard !candidates.isEmpty else { return addAttribute(&rng) }
        let n = pick(candidates, &rng)
        let a = below(model.graph.nodes[n].attributes.count, &rng)
        let attribute = model.graph.nodes[n].attributes[a]
        var value = attribute.value
        switch value {
        case .int(let old): value = .int(below(2, &rng) == 0 ? pick(Self.ints, &rng) : Self.nudged(old, &rng))
        case .float: value = .float(pick(Self.floats, &rng))
        case .string: value = .text(pick(Self.strings, &rng))
        case .ints(var list):
            switch below(4, &rng) {
            case 0 where !list.isEmpty:
                let i = below(list.count, &rng)
                list[i] = below(2, &rng) == 0 ? pick(Self.ints, &rng) : Self.nudged(list[i], &rng)
            case 1 where !list.isEmpty: list.removeLast()
            case 2: list.append(pick(Self.ints, &rng))
            default: list = []
            }
            value = .ints(list)
        case .floats(var list):
            if !list.isEmpty && below(2, &rng) == 0 { list[below(list.count, &rng)] = pick(Self.floats, &rng) } else { list = [] }
            value = .floats(list)
        case .strings(var list):
            if !list.isEmpty && below(2, &rng) == 0 { list[below(list.count, &rng)] = Array(pick(Self.strings, &rng).utf8) } else { list = [] }
            value = .strings(list)
        case .tensor(let tensor):
            guard let array = try? NDArray(tensor) else { return "attribute left" }
            value = .tensor(Self.mutated(array, &rng).tensor(name: tensor.name))
        case .graph(var graph):
            var inner = Mutant(model: model, inputs: [:])
            inner.model.graph = graph
            let what = inner.mutateAttribute(&rng)
            graph = inner.model.graph
            value = .graph(graph)
            model.graph.nodes[n].attributes[a].value = value
            return "\(model.graph.nodes[n].op).\(attribute.name): \(what)"
        default:
            model.graph.nodes[n].attributes.remove(at: a)
            return "\(model.graph.nodes[n].op).\(attribute.name) removed"
        }
        if below(8, &rng) == 0 {
            model.graph.nodes[n].attributes.remove(at: a)
            return "\(model.graph.nodes[n].op).\(attribute.name) removed"
        }
        model.graph.nodes[n].attributes[a].value = value
        return "\(model.graph.nodes[n].op).\(attribute.name) = \(value)"
    }

    mutating func addAttribute(_ rng: inout SeededGenerator) -> String {
        guard !model.graph.nodes.isEmpty else { return "no node" }
        let n = below(model.graph.nodes.count, &rng)
        let name = pick(Self.attributeNames, &rng)
        let value: AttributeValue
        switch below(4, &rng) {
        case 0: value = .int(pick(Self.ints, &rng))
        case 1: value = .ints((0..<below(5, &rng)).map { _ in pick(Self.ints, &rng) })
        case 2: value = .float(pick(Self.floats, &rng))
        default: value = .text(pick(Self.strings, &rng))
        }
        model.graph.nodes[n].setAttribute(name, value)
        return "\(model.graph.nodes[n].op).\(name) := \(value)"
    }

    /// The name of a tensor input or initializer, and its array.
    func operand(_ rng: inout SeededGenerator) -> (name: String, array: NDArray, initializer: Int?)? {
        var choices: [(String, NDArray, Int?)] = inputs.keys.sorted().compactMap { name in
            if case .tensor(let array) = inputs[name] { return (name, array, nil) }
            return nil
        }
        for (i, tensor) in model.graph.initializers.enumerated() {
            if let array = try? NDArray(tensor) { choices.append((tensor.name, array, i)) }
        }
        return choices.isEmpty ? nil : pick(choices, &rng)
    }

    mutating func store(_ name: String, _ array: NDArray, initializer: Int?, keepType: Bool) {
        if let i = initializer {
            model.graph.initializers[i] = array.tensor(name: name)
        } else {
            inputs[name] = .tensor(array)
        }
        if !keepType, let i = model.graph.inputs.firstIndex(where: { $0.name == name }) {
            model.graph.inputs[i].type.shape = nil
            model.graph.inputs[i].type.dtype = nil
        }
    }

    mutating func mutateInputValues(_ rng: inout SeededGenerator) -> String {
        guard let (name, array, initializer) = operand(&rng) else { return "no operand" }
        store(name, Self.mutated(array, &rng, keepShape: true), initializer: initializer, keepType: true)
        return "values of \(name)"
    }

    mutating func reshapeInput(_ rng: inout SeededGenerator) -> String {
        guard let (name, array, initializer) = operand(&rng) else { return "no operand" }
        let changed = Self.mutated(array, &rng, keepShape: false)
        store(name, changed, initializer: initializer, keepType: false)
        return "\(name) reshaped \(array.shape) -> \(changed.shape)"
    }

    mutating func retypeInput(_ rng: inout SeededGenerator) -> String {
        guard let (name, array, initializer) = operand(&rng), let values = array.doubles() else { return "no numeric operand" }
        let dtype = pick([DType.float32, .float64, .float16, .int64, .int32, .int8, .uint8, .bool], &rng)
        let storage: ArrayStorage
        switch dtype {
        case .float32: storage = .float32(values.map { Float($0) })
        case .float64: storage = .float64(values)
        case .float16: storage = .float16(values.map { Float16(Float($0)) })
        case .int64: storage = .int64(values.map { $0.isFinite ? Int64(max(-1e18, min(1e18, $0))) : 0 })
        case .int32: storage = .int32(values.map { $0.isFinite ? Int32(max(-2e9, min(2e9, $0))) : 0 })
        case .int8: storage = .int8(values.map { $0.isFinite ? Int8(truncatingIfNeeded: Int64(max(-1e18, min(1e18, $0)))) : 0 })
        case .uint8: storage = .uint8(values.map { $0.isFinite ? UInt8(truncatingIfNeeded: Int64(max(-1e18, min(1e18, $0)))) : 0 })
        default: storage = .bool(values.map { $0 != 0 })
        }
        store(name, NDArray(dtype: dtype, shape: array.shape, storage: storage), initializer: initializer, keepType: false)
        return "\(name) as \(dtype)"
    }

    mutating func rewire(_ rng: inout SeededGenerator) -> String {
        guard !model.graph.nodes.isEmpty else { return "no node" }
        let n = below(model.graph.nodes.count, &rng)
        var node = model.graph.nodes[n]
        let known = model.graph.inputs.map(\.name) + model.graph.nodes[..<n].flatMap(\.outputs)
        let what: String
        switch below(4, &rng) {
        case 0 where node.inputs.count >= 2:
            node.inputs.swapAt(0, 1 + below(node.inputs.count - 1, &rng))
            what = "operands swapped"
        case 1 where !node.inputs.isEmpty:
            node.inputs.removeLast()
            what = "last operand dropped"
        case 2 where !node.inputs.isEmpty && !known.isEmpty:
            node.inputs[below(node.inputs.count, &rng)] = pick(known, &rng)
            what = "operand replaced"
        default:
            node.inputs.append(known.isEmpty || below(2, &rng) == 0 ? "" : pick(known, &rng))
            what = "operand appended"
        }
        model.graph.nodes[n] = node
        return "\(node.op): \(what)"
    }

    /// `array` with some elements set to edge values, or (unless `keepShape`) another shape
    /// filled from its elements.
    static func mutated(_ array: NDArray, _ rng: inout SeededGenerator, keepShape: Bool = true) -> NDArray {
        func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }
        var result = array
        if !keepShape {
            var shape = array.shape
            switch below(5) {
            case 0 where !shape.isEmpty: shape.removeLast()
            case 1: shape.insert(1 + below(3), at: below(shape.count + 1))
            case 2 where !shape.isEmpty: shape[below(shape.count)] = 0
            case 3 where !shape.isEmpty:
                let i = below(shape.count)
                shape[i] = shape[i] * 2 + 1
            default: shape = []
            }
            let count = shape.reduce(1, *)
            guard count <= 1 << 16 else { return array }
            if array.count == 0 {
                guard let zeros = NDArray.zeros(array.dtype, shape: shape) else { return array }
                return zeros
            }
            result = NDArray(dtype: array.dtype, shape: shape, storage: array.storage.gathered((0..<count).map { $0 % array.count }))
            return result
        }
        guard array.count > 0 else { return array }
        for _ in 0..<(1 + below(3)) {
            let at = below(array.count)
            switch result.storage {
            case .int64(var a):
                a[at] = below(2) == 0 ? Mutant.ints[below(Mutant.ints.count)] : Mutant.nudged(a[at], &rng)
                result.storage = .int64(a)
            case .int32(var a):
                a[at] = Int32(truncatingIfNeeded: below(2) == 0 ? Mutant.ints[below(Mutant.ints.count)] : Mutant.nudged(Int64(a[at]), &rng))
                result.storage = .int32(a)
            case .float32(var a):
                a[at] = Mutant.floats[below(Mutant.floats.count)]
                result.storage = .float32(a)
            case .float64(var a):
                a[at] = Double(Mutant.floats[below(Mutant.floats.count)])
                result.storage = .float64(a)
            case .uint8(var a):
                a[at] = UInt8(truncatingIfNeeded: rng.next())
                result.storage = .uint8(a)
            case .int8(var a):
                a[at] = Int8(truncatingIfNeeded: rng.next())
                result.storage = .int8(a)
            case .bool(var a):
                a[at].toggle()
                result.storage = .bool(a)
            default: break
            }
        }
        return result
    }
}
