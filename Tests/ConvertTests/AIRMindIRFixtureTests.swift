import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport

/// The MindSpore-exported fixtures (testdata/models, made by scripts/make-testdata.py) lowered
/// to GraphIR by the MindIR importer, written as AIR and read back: the same model, modulo the
/// documented initializer and attribute order.
@Suite struct AIRMindIRFixtureTests {
    @Test(arguments: ["lenet", "resblock", "transformer"])
    func mindIRGraphSurvivesAIR(_ net: String) throws {
        let document = try MindIRCodec.decode(path: Project.testdata("models/\(net).mindir"))
        let model = try MindIRImporter.importModel(document)
        let air = try AIRExporter.exportModel(model)
        let bytes = try AIRCodec.encode(air)
        let back = try AIRImporter.importModel(try AIRCodec.decode(ByteStorage(bytes: bytes, path: "\(net).air")))
        try back.validate()
        let expected = AIRLoweringTests.normalized(model)
        let actual = AIRLoweringTests.normalized(back)
        #expect(actual.graph.inputs == expected.graph.inputs)
        #expect(actual.graph.outputs == expected.graph.outputs)
        #expect(actual.graph.initializers == expected.graph.initializers)
        #expect(actual.graph.nodes.count == expected.graph.nodes.count)
        for (a, e) in zip(actual.graph.nodes, expected.graph.nodes) where a != e { Issue.record("\(e) became \(a)") }
        #expect(actual.opsetImports == expected.opsetImports)
        #expect(actual.graph.valueInfo == expected.graph.valueInfo)
    }
}
