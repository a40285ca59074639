/* The talk's naive algorithm, as rust/core/src/naive.rs computes it: each candidate
   2, 3, 4, ... is divided by every prime found so far, in order, up to the first divisor.
   Same integer type (uint32_t) and same divisions, so the only difference left is the
   compiler: this file is built with -O2 and no -march, like a portable binary. */
#include "naive.h"

int primes_naive_first_n(size_t count, uint32_t *out) {
    if (count > PRIMES_NAIVE_MAX_COUNT) {
        return -1;
    }
    size_t found = 0;
    uint32_t at = 2;
    while (found < count) {
        size_t i = 0;
        while (i < found && at % out[i] != 0) {
            i++;
        }
        if (i == found) {
            out[found++] = at;
        }
        at++; /* cannot wrap: the last prime below 2^32 is 2^32 - 5 */
    }
    return 0;
}
