#include "cli/cli.h"

int main(int argc, char** argv) { return waftune::RunCli(argc, argv); }
