// Loading the NVIDIA libraries at run time. mshub links none of them: the package builds and its
// tests pass on machines with no CUDA at all, and where a library is missing the cuda backend
// says which one (`CUDAAvailability`). Each library may be named by an environment variable
// (a file, or a folder holding the library under one of its usual names) before the standard
// sonames are tried, newest CUDA first, so that a Python wheel's copy can be used without
// touching the loader's search path.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A shared library opened with `dlopen`, kept open for the life of the process.
struct DynamicLibrary: @unchecked Sendable {
    /// What `dlopen` returned.
    let handle: UnsafeMutableRawPointer
    /// The name or path that was opened.
    let name: String

    /// Why a library could not be opened or lacks a symbol.
    struct LoadError: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// Opens the first of `names` that loads. `variable`, when set in the environment, names a
    /// file or a folder to use instead (a folder is searched for each of `names`); then nothing
    /// else is tried, so a wrong setting is reported rather than silently bypassed.
    /// - Parameters:
    ///   - what: how the library is called in messages ("the CUDA driver library").
    ///   - environment: where `variable` is looked up (the process's environment, or a test's).
    static func open(
        _ what: String, names: [String], variable: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LoadError) -> DynamicLibrary {
        var candidates = names
        var setting: String? = nil
        if let variable, let given = environment[variable], !given.isEmpty {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: given, isDirectory: &isFolder), isFolder.boolValue {
                candidates = names.map { (given as NSString).appendingPathComponent($0) }
            } else {
                candidates = [given]
            }
            setting = "\(variable)=\(given)"
        }
        var errors: [String] = []
        for candidate in candidates {
            if let handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) {
                return DynamicLibrary(handle: handle, name: candidate)
            }
            errors.append(dlerror().map { String(cString: $0) } ?? "\(candidate): not loadable")
        }
        // A file that exists but does not load (a missing dependency, a wrong architecture) is
        // worth naming; "no such file" for each soname is not.
        let telling = errors.filter { !$0.contains("No such file") }
        let detail: String
        if let setting {
            detail = "nothing loadable at \(setting): \(errors.joined(separator: "; "))"
        } else if candidates.count == 1 {
            detail = errors.joined(separator: "; ")
        } else {
            detail = "tried \(candidates.joined(separator: ", "))\(variable.map { "; \($0) may name its file or folder" } ?? "")"
                + (telling.isEmpty ? "" : ": \(telling.joined(separator: "; "))")
        }
        throw LoadError(description: "\(what) is not installed (\(detail))")
    }

    /// The address of `symbol` as a C function of type `T`.
    func function<T>(_ symbol: String, as type: T.Type) throws(LoadError) -> T {
        guard let address = dlsym(handle, symbol) else {
            throw LoadError(description: "\(name) has no \(symbol)")
        }
        return unsafeBitCast(address, to: type)
    }

    /// `function`, or nil when the library lacks the symbol (optional entry points).
    func optionalFunction<T>(_ symbol: String, as type: T.Type) -> T? {
        guard let address = dlsym(handle, symbol) else { return nil }
        return unsafeBitCast(address, to: type)
    }
}
