/* The talk's naive first-n-primes algorithm in C: the yardstick for rust-naive. */
#ifndef PRIMES_C_REF_NAIVE_H
#define PRIMES_C_REF_NAIVE_H

#include <stddef.h>
#include <stdint.h>

/* The largest count whose last prime fits in uint32_t: pi(2^32) (OEIS A007053). */
#define PRIMES_NAIVE_MAX_COUNT ((size_t) 203280221)

/* Writes the first `count` primes into `out` (room for `count` values).
   Returns 0, or -1 if `count` exceeds PRIMES_NAIVE_MAX_COUNT. */
int primes_naive_first_n(size_t count, uint32_t *out);

#endif
