import Foundation
import Testing
@testable import Verify

/// OpenBLAS is loaded with one thread: its own thread server, which waits by spinning on
/// sched_yield, must not exist (it took a core from our workers). OpenBLAS keeps the number of
/// threads it started with in `blas_num_threads`; openblas_set_num_threads(1) after loading
/// lowers the number it uses but leaves that one, and the thread, in place.
@Suite struct OpenBLASLoadTests {
    @Test func openBLASStartsNoThreadOfItsOwn() throws {
        // CI installs libopenblas-dev: a missing library fails here rather than passing vacuously.
        let handle = try #require(OpenBLAS.shared.handle, "OpenBLAS is not installed")
        #expect(OpenBLAS.shared.sgemm != nil)
        let symbol = try #require(dlsym(handle, "blas_num_threads"), "this OpenBLAS does not export blas_num_threads")
        #expect(symbol.load(as: Int32.self) == 1)
    }
}
