// The interpreter's share in a partial conversion (Convert cannot import Verify, so it lives
// here): types for the cut frontier outputs, the source's values of every output the partial
// model has (kept graph outputs, and frontier tensors read as intermediates of the source), and
// the report as JSON.
//
// The interpreter returns only graph outputs; an intermediate value is read by running the model
// restricted to it (PartialConversion.restricted: its outputs replaced, nodes it does not need
// dropped), which also keeps nodes the interpreter cannot run out of the way.

import Convert
import Formats
import GraphIR

public enum PartialTypes {
    /// Element types and shapes of `names` in `model`, found by running it (restricted to them)
    /// on seeded inputs. Shapes are exact when every input shape is fixed; otherwise only the rank
    /// is kept. Names the run cannot give are left out.
    public static func infer(_ model: Model, names: [String], seed: UInt64 = 0) -> [String: ValueType] {
        guard !names.isEmpty else { return [:] }
        let restricted = PartialConversion.restricted(model, to: names)
        guard let inputs = try? InputGenerator.random(for: restricted, seed: seed),
            let values = try? Interpreter(model: restricted).run(tensors: inputs)
        else { return [:] }
        let initialized = Set(model.graph.initializers.map(\.name))
        let fixed = model.graph.inputs.filter { !initialized.contains($0.name) }.allSatisfy { input in
            input.shape.map { $0.dimensions.allSatisfy(\.isFixed) } ?? false
        }
        var types: [String: ValueType] = [:]
        for (name, array) in values {
            let dimensions: [Dimension] = array.shape.map { fixed ? .fixed($0) : .unknown }
            types[name] = ValueType(dtype: array.dtype, shape: Shape(dimensions))
        }
        return types
    }
}

extension PartialTypes {
    /// `model` with value info added for `names` where a seeded run of the model can give their
    /// types (names it cannot give are left as they were).
    public static func annotated(_ model: Model, names: [String], seed: UInt64 = 0) -> Model {
        let types = infer(model, names: names, seed: seed)
        guard !types.isEmpty else { return model }
        var copy = model
        copy.graph.valueInfo.removeAll { types[$0.name] != nil }
        for name in names { if let type = types[name] { copy.graph.valueInfo.append(Value(name: name, type: type)) } }
        return copy
    }
}

public enum PartialVerification {
    /// What `verify` compared.
    public struct Outcome: Sendable {
        public var report: ComparisonReport
        /// Outputs of the partial model left out of the comparison, with why.
        public var notCompared: [(name: String, reason: String)]
        /// Outputs compared in the source's float type: frontier values inside a --fp16/--bf16
        /// region are float16 in the partial model, float32 in the source.
        public var widened: [(name: String, from: DType, to: DType)] = []
    }

    /// Runs `result` (the written partial model, outputs in the cut model's order: kept, then
    /// added) and `source` on the same seeded inputs and compares every output the two share:
    /// kept graph outputs and frontier tensors, read as intermediates of `source`. A name the
    /// source does not define (made by a conversion pass) is read from `prepared`, the model the
    /// cut was made from.
    public static func compare(
        result: Model, cut: Model, source: Model, prepared: Model, seed: UInt64, tolerance: Tolerance?, title: String,
        limits: InterpreterLimits = .default
    ) throws(InterpreterError) -> Outcome {
        let inputs = try InputGenerator.random(for: source, seed: seed)
        let actual = try Interpreter(model: result, limits: limits).run(tensors: inputs)
        let names = cut.graph.outputs.map(\.name)
        func defined(_ graph: Graph) -> Set<String> {
            Set(graph.inputs.map(\.name) + graph.initializers.map(\.name) + graph.nodes.flatMap(\.outputs))
        }
        let inSource = defined(source.graph)
        let inPrepared = defined(prepared.graph)
        var expected: [String: NDArray] = [:]
        var notCompared: [(name: String, reason: String)] = []
        let fromSource = names.filter { inSource.contains($0) }
        for (name, value) in try run(source, fromSource, inputs, limits: limits) { expected[name] = value }
        let fromPrepared = names.filter { !inSource.contains($0) && inPrepared.contains($0) }
        if !fromPrepared.isEmpty {
            do {
                for (name, value) in try run(prepared, fromPrepared, inputs, limits: limits) { expected[name] = value }
            } catch {
                for name in fromPrepared { notCompared.append((name, "made by a conversion pass; the prepared model does not run: \(error.message)")) }
            }
        }
        for name in names where !inSource.contains(name) && !inPrepared.contains(name) {
            notCompared.append((name, "not a value of the source model"))
        }
        var pairsActual: [(name: String, value: NDArray)] = []
        var pairsExpected: [(name: String, value: NDArray)] = []
        var widened: [(name: String, from: DType, to: DType)] = []
        for (position, name) in names.enumerated() {
            guard let value = expected[name], position < actual.count else { continue }
            var mine = actual[position]
            if mine.value.dtype != value.dtype, mine.value.dtype.isFloatingPoint, value.dtype.isFloatingPoint,
                let doubles = mine.value.doubles(), let wide = NDArray.fromDoubles(doubles, dtype: value.dtype, shape: mine.value.shape)
            {
                widened.append((name, mine.value.dtype, value.dtype))
                mine.value = wide
            }
            pairsActual.append(mine)
            pairsExpected.append((name, value))
        }
        let report = OutputComparison.compare(pairsActual, pairsExpected, title: title, tolerance: tolerance)
        return Outcome(report: report, notCompared: notCompared, widened: widened)
    }

    static func run(_ model: Model, _ names: [String], _ inputs: [String: NDArray], limits: InterpreterLimits = .default) throws(InterpreterError)
        -> [(name: String, value: NDArray)]
    {
        guard !names.isEmpty else { return [] }
        let restricted = PartialConversion.restricted(model, to: names)
        var given: [String: NDArray] = [:]
        for input in restricted.graph.inputs { if let value = inputs[input.name] { given[input.name] = value } }
        return try Interpreter(model: restricted, limits: limits).run(tensors: given)
    }
}

extension PartialReport {
    /// The report as one JSON object: nodes kept and removed (index, name, op, reason), outputs
    /// kept, dropped and added, initializers dropped.
    public func json() -> JSONValue {
        .object([
            ("target", .string(target.rawValue)), ("partial", .bool(isPartial)),
            ("nodes", .int(totalNodes)), ("kept_nodes", .int(keptNodes)),
            ("removed", .array(removed.map { node in
                var members: [(String, JSONValue)] = [
                    ("index", .int(node.index)), ("name", .string(node.name)), ("op", .string(node.op)),
                ]
                if !node.domain.isEmpty { members.append(("domain", .string(node.domain))) }
                switch node.reason {
                case .unsupported(let note):
                    members.append(("reason", .string("unsupported")))
                    members.append(("note", .string(note)))
                case .dependsOn(let index):
                    members.append(("reason", .string("depends")))
                    members.append(("depends_on", .int(index)))
                }
                members.append(("text", .string(reasonText(node))))
                return .object(members)
            })),
            ("kept_outputs", .array(keptOutputs.map { .string($0) })),
            ("dropped_outputs", .array(droppedOutputs.map { .string($0) })),
            ("added_outputs", .array(addedOutputs.map { .string($0) })),
            ("dropped_initializers", .array(droppedInitializers.map { .string($0) })),
        ])
    }
}
