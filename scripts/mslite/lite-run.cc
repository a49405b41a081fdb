// lite-run: runs a MindSpore Lite `.ms` model on CPU with the runtime library shipped in PyPI
// mindspore-lite 2.0.0, using the C++ API headers of that wheel.
//
//   lite-run MODEL.ms --info                 prints one line per input: `input NAME DTYPE d0 d1 ...`
//   lite-run MODEL.ms OUTDIR IN0.bin ...     feeds raw little-endian input bytes (in model input order),
//                                            writes OUTDIR/out<i>.bin and prints `output NAME DTYPE dims`
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "include/api/context.h"
#include "include/api/model.h"
#include "include/api/types.h"

static void describe(const char *kind, mindspore::MSTensor &t) {
  std::printf("%s %s %d", kind, t.Name().c_str(), static_cast<int>(t.DataType()));
  for (auto d : t.Shape()) std::printf(" %lld", static_cast<long long>(d));
  std::printf("\n");
}

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: lite-run MODEL.ms --info | lite-run MODEL.ms OUTDIR IN0.bin ...\n");
    return 64;
  }
  std::ifstream file(argv[1], std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (bytes.empty()) {
    std::fprintf(stderr, "lite-run: cannot read %s\n", argv[1]);
    return 2;
  }
  auto context = std::make_shared<mindspore::Context>();
  context->SetThreadNum(1);
  context->MutableDeviceInfo().push_back(std::make_shared<mindspore::CPUDeviceInfo>());
  mindspore::Model model;
  auto status = model.Build(bytes.data(), bytes.size(), mindspore::kMindIR_Lite, context);
  if (status != mindspore::kSuccess) {
    std::fprintf(stderr, "lite-run: build failed: %s\n", status.ToString().c_str());
    return 2;
  }
  auto inputs = model.GetInputs();
  if (std::strcmp(argv[2], "--info") == 0) {
    for (auto &t : inputs) describe("input", t);
    return 0;
  }
  if (static_cast<size_t>(argc - 3) != inputs.size()) {
    std::fprintf(stderr, "lite-run: model has %zu inputs, %d given\n", inputs.size(), argc - 3);
    return 64;
  }
  for (size_t i = 0; i < inputs.size(); i++) {
    std::ifstream in(argv[3 + i], std::ios::binary);
    std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (data.size() != inputs[i].DataSize()) {
      std::fprintf(stderr, "lite-run: input %zu wants %zu bytes, file has %zu\n", i, inputs[i].DataSize(), data.size());
      return 2;
    }
    std::memcpy(inputs[i].MutableData(), data.data(), data.size());
  }
  std::vector<mindspore::MSTensor> outputs;
  status = model.Predict(inputs, &outputs);
  if (status != mindspore::kSuccess) {
    std::fprintf(stderr, "lite-run: predict failed: %s\n", status.ToString().c_str());
    return 2;
  }
  for (size_t i = 0; i < outputs.size(); i++) {
    describe("output", outputs[i]);
    std::string path = std::string(argv[2]) + "/out" + std::to_string(i) + ".bin";
    std::ofstream out(path, std::ios::binary);
    out.write(static_cast<const char *>(outputs[i].MutableData()), static_cast<std::streamsize>(outputs[i].DataSize()));
  }
  return 0;
}
