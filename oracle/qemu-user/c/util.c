#include "util.h"
#include "sys.h"

void *memcpy(void *d, const void *s, unsigned long n) {
  u8 *dd = d;
  const u8 *ss = s;
  for (unsigned long i = 0; i < n; i++) dd[i] = ss[i];
  return d;
}

void *memset(void *d, int c, unsigned long n) {
  u8 *dd = d;
  for (unsigned long i = 0; i < n; i++) dd[i] = (u8)c;
  return d;
}

void write_all(int fd, const void *buf, unsigned long n) {
  const u8 *p = buf;
  while (n > 0) {
    long w = syscall3(NR_write, fd, p, n);
    if (w == -4) continue; /* EINTR */
    if (w <= 0) sys_exit(3);  /* the reader went away: nothing useful left to do */
    p += w;
    n -= (unsigned long)w;
  }
}

void put_str(int fd, const char *s) {
  unsigned long n = 0;
  while (s[n]) n++;
  write_all(fd, s, n);
}

void put_hex(int fd, u64 v) {
  char buf[19];
  int i = 18;
  do { buf[i--] = "0123456789abcdef"[v & 15]; v >>= 4; } while (v);
  buf[i--] = 'x';
  buf[i] = '0';
  write_all(fd, buf + i, 19 - (unsigned long)i);
}

void fatal(const char *msg, u64 value) {
  put_str(2, "qemu-user harness: ");
  put_str(2, msg);
  put_str(2, " ");
  put_hex(2, value);
  put_str(2, "\n");
  sys_exit(3);
}
