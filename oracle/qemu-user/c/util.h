/* Freestanding helpers: copies, output to fds, fatal errors. */
#ifndef UTIL_H
#define UTIL_H
#include "protocol.h"

/* GCC may emit calls to these even with -ffreestanding. */
void *memcpy(void *d, const void *s, unsigned long n);
void *memset(void *d, int c, unsigned long n);

/* Copies n bytes, n a multiple of 8, both pointers 8-aligned. */
static inline void copy64(void *d, const void *s, unsigned long n) {
  u64 *dd = d;
  const u64 *ss = s;
  for (unsigned long i = 0; i < n / 8; i++) dd[i] = ss[i];
}

void write_all(int fd, const void *buf, unsigned long n);
void put_str(int fd, const char *s);
void put_hex(int fd, u64 v);
__attribute__((noreturn)) void fatal(const char *msg, u64 value);

#endif
