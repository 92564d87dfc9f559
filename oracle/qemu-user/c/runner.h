/* Running one case through the signal frame: see runner.c. */
#ifndef RUNNER_H
#define RUNNER_H
#include "protocol.h"

void install_handlers(void);
/* Runs the code already copied to CODE_ADDR from the state in c; fills r except magic
 * and window. */
void run_case(const struct case_rec *c, struct result_rec *r);

#endif
