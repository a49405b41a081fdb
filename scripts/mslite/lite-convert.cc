// lite-convert: turns an ONNX (or MindIR) model into a MindSpore Lite `.ms` with the converter library
// shipped in PyPI mindspore-lite 2.0.0. That wheel carries no converter header, so the class is declared
// here from the symbols the library exports (`nm -DC libmindspore_converter.so`): a constructor taking
// the framework and three char vectors, and `Status Convert()`. Its one data member is a shared_ptr;
// we reserve room to spare and never destroy the object (the process ends right after). This wheel's
// converter writes MindIR unless `SetSaveType` asks for `.ms`.
//
//   lite-convert onnx|mindir MODEL OUTPUT_PREFIX     (writes OUTPUT_PREFIX.ms)
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "include/api/status.h"
#include "include/api/types.h"

namespace mindspore {
namespace converter {
enum FmkType : int { kFmkTypeTf = 0, kFmkTypeCaffe = 1, kFmkTypeOnnx = 2, kFmkTypeMs = 3, kFmkTypeTflite = 4 };
}
class __attribute__((visibility("default"))) Converter {
 public:
  Converter(converter::FmkType fmk, const std::vector<char> &model, const std::vector<char> &output,
            const std::vector<char> &weight);
  void SetSaveType(ModelType save_type);
  Status Convert();

 private:
  unsigned char room_[256];
};
}  // namespace mindspore

static std::vector<char> chars(const std::string &s) { return std::vector<char>(s.begin(), s.end()); }

int main(int argc, char **argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: lite-convert onnx|mindir MODEL OUTPUT_PREFIX\n");
    return 64;
  }
  mindspore::converter::FmkType fmk;
  if (std::strcmp(argv[1], "onnx") == 0) {
    fmk = mindspore::converter::kFmkTypeOnnx;
  } else if (std::strcmp(argv[1], "mindir") == 0) {
    fmk = mindspore::converter::kFmkTypeMs;
  } else {
    std::fprintf(stderr, "lite-convert: unknown framework %s\n", argv[1]);
    return 64;
  }
  alignas(16) static unsigned char storage[sizeof(mindspore::Converter)];
  auto *converter = new (storage) mindspore::Converter(fmk, chars(argv[2]), chars(argv[3]), chars(""));
  // This wheel's converter writes MindIR unless told otherwise.
  converter->SetSaveType(mindspore::kMindIR_Lite);
  mindspore::Status status = converter->Convert();
  if (status != mindspore::kSuccess) {
    std::fprintf(stderr, "lite-convert: conversion failed: %s\n", status.ToString().c_str());
    return 2;
  }
  return 0;
}
