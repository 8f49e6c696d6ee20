#include "cli/command.h"

int main(int argc, char** argv) {
  return collegium::cli::run(argc, argv);
}
