import Foundation
import Formats
import GraphIR
import Testing
@testable import Verify

/// Models built to exhaust or confuse the interpreter are refused with a clear error: no hang,
/// no trap, no allocation beyond the limits.
@Suite struct HostileModelTests {
    static func model(_ nodes: [Node], inputs: [Value] = [], outputs: [String], initializers: [Tensor] = [], functions: [Function] = []) -> Model {
        Model(
            graph: Graph(name: "g", inputs: inputs, outputs: outputs.map { Value(name: $0) }, nodes: nodes, initializers: initializers),
            functions: functions, opsetImports: ["": 21])
    }

    static func int64Tensor(_ name: String, _ values: [Int64]) -> Tensor {
        Tensor(name: name, dtype: .int64, shape: [values.count], bytes: TensorBytes(bytes: values.withUnsafeBytes { Array($0) }))
    }

    static func expectCode(_ code: InterpreterError.Code, _ model: Model, _ inputs: [String: NDArray] = [:], limits: InterpreterLimits = .default) {
        #expect {
            _ = try Interpreter(model: model, limits: limits).run(tensors: inputs)
        } throws: { error in
            guard let error = error as? InterpreterError else { return false }
            return error.code == code
        }
    }

    @Test func shapesBeyondTheMemoryLimitAreRefusedBeforeAllocating() {
        // ConstantOfShape to 10^5 x 10^5 x 10^5 float32: 4 PB.
        let m = Self.model(
            [Node(op: "ConstantOfShape", inputs: ["shape"], outputs: ["y"])], outputs: ["y"],
            initializers: [Self.int64Tensor("shape", [100_000, 100_000, 100_000])])
        Self.expectCode(.limitExceeded, m)
        // A broadcast whose result is over a (small) configured limit.
        let add = Self.model(
            [Node(op: "Add", inputs: ["a", "b"], outputs: ["y"])],
            inputs: [Value(name: "a", dtype: .float32, shape: [1000, 1]), Value(name: "b", dtype: .float32, shape: [1, 1000])],
            outputs: ["y"])
        let a = NDArray([Float](repeating: 1, count: 1000), shape: [1000, 1])
        let b = NDArray([Float](repeating: 1, count: 1000), shape: [1, 1000])
        Self.expectCode(.limitExceeded, add, ["a": a, "b": b], limits: InterpreterLimits(maxElements: 10_000))
        // Live memory over the limit.
        Self.expectCode(.limitExceeded, add, ["a": a, "b": b], limits: InterpreterLimits(maxLiveBytes: 1 << 16))
    }

    @Test func aCycleIsAnInvalidGraph() {
        let m = Self.model(
            [Node(name: "first", op: "Relu", inputs: ["b"], outputs: ["a"]), Node(name: "second", op: "Relu", inputs: ["a"], outputs: ["b"])],
            outputs: ["b"])
        #expect {
            _ = try Interpreter(model: m).run(tensors: [:])
        } throws: { error in
            guard let error = error as? InterpreterError else { return false }
            return error.code == .invalidGraph && error.nodeName == "first" && error.message.contains("cycle")
        }
    }

    @Test func aMissingInputIsNamed() {
        let m = Self.model(
            [Node(op: "Relu", inputs: ["x"], outputs: ["y"])], inputs: [Value(name: "x", dtype: .float32, shape: [2])], outputs: ["y"])
        #expect {
            _ = try Interpreter(model: m).run(tensors: [:])
        } throws: { error in
            (error as? InterpreterError)?.code == .missingInput && "\(error)".contains("'x'")
        }
        Self.expectCode(.missingInput, m, ["x": NDArray([1, 2, 3] as [Float], shape: [3])])
        Self.expectCode(.missingInput, m, ["x": NDArray([1, 2] as [Double], shape: [2])])
    }

    static func loopModel(tripCount: Int64, withCondition: Bool) -> Model {
        let body = Graph(
            name: "body", inputs: [Value(name: "i", dtype: .int64, shape: []), Value(name: "c", dtype: .bool, shape: [])],
            outputs: [Value(name: "c_out")], nodes: [Node(op: "Identity", inputs: ["c"], outputs: ["c_out"])])
        return model(
            [Node(op: "Loop", inputs: ["M", withCondition ? "cond" : ""], outputs: [], attributes: [.named("body", .graph(body))])],
            outputs: [],
            initializers: [
                Tensor(name: "M", dtype: .int64, shape: [], bytes: TensorBytes(bytes: withUnsafeBytes(of: tripCount) { Array($0) })),
                Tensor(name: "cond", dtype: .bool, shape: [], bytes: TensorBytes(bytes: [1])),
            ])
    }

    @Test func aHugeLoopIsRefusedNotRun() {
        // Without a condition the trip count alone decides: refused before the first iteration.
        let started = Date()
        Self.expectCode(.limitExceeded, Self.loopModel(tripCount: 1 << 40, withCondition: false))
        #expect(Date().timeIntervalSince(started) < 5)
        // With a condition that never turns false, the iteration limit stops it.
        Self.expectCode(.limitExceeded, Self.loopModel(tripCount: 1 << 40, withCondition: true), limits: InterpreterLimits(maxLoopIterations: 1000))
    }

    @Test func aRunPastItsTimeLimitStopsInsideTheLoopBody() {
        // A million iterations are within the iteration limit; the time limit stops them first.
        let started = Date()
        #expect {
            _ = try Interpreter(model: Self.loopModel(tripCount: 1 << 40, withCondition: true), limits: InterpreterLimits(maxSeconds: 0.3))
                .run(tensors: [:])
        } throws: { error in
            guard let error = error as? InterpreterError else { return false }
            return error.code == .limitExceeded && error.message.contains("time limit of 0.3 s") && error.graph?.hasSuffix(".body") == true
                && error.op == "Identity"
        }
        #expect(Date().timeIntervalSince(started) < 3)
        // No time at all (zero, negative, NaN: a library caller may pass them) stops at the first node.
        for seconds in [0, -1, Double.nan] {
            #expect {
                _ = try Interpreter(model: Self.loopModel(tripCount: 3, withCondition: true), limits: InterpreterLimits(maxSeconds: seconds))
                    .run(tensors: [:])
            } throws: { error in
                (error as? InterpreterError).map { $0.code == .limitExceeded && $0.op == "Loop" && $0.graph == "main" } ?? false
            }
        }
        // The limit is per run: a fresh run of the same interpreter gets the whole time again.
        let quick = Self.loopModel(tripCount: 10, withCondition: true)
        let interpreter = Interpreter(model: quick, limits: InterpreterLimits(maxSeconds: 0.3))
        for _ in 0..<3 {
            #expect(throws: Never.self) { _ = try interpreter.run(tensors: [:]) }
            Thread.sleep(forTimeInterval: 0.15)
        }
    }

    @Test func unboundedRecursionThroughFunctionsHitsTheDepthLimit() {
        let body = Graph(
            name: "f", inputs: [Value(name: "x")], outputs: [Value(name: "y")],
            nodes: [Node(op: "f", domain: "local", inputs: ["x"], outputs: ["y"])])
        let m = Self.model(
            [Node(op: "f", domain: "local", inputs: ["x"], outputs: ["y"])],
            inputs: [Value(name: "x", dtype: .float32, shape: [1])], outputs: ["y"],
            functions: [Function(domain: "local", body: body)])
        Self.expectCode(.limitExceeded, m, ["x": NDArray([1] as [Float], shape: [1])])
    }

    @Test func anUnsupportedOpNamesTheNode() {
        let m = Self.model([Node(name: "mystery", op: "NoSuchOp", inputs: [], outputs: ["y"])], outputs: ["y"])
        #expect {
            _ = try Interpreter(model: m).run(tensors: [:])
        } throws: { error in
            guard let error = error as? InterpreterError else { return false }
            return error.code == .unsupportedOp && error.nodeName == "mystery" && error.op == "NoSuchOp"
        }
    }
}
