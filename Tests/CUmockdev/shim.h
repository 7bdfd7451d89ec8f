// libumockdev (tests only): fakes /sys and /dev for this process, so libserialport's real
// enumeration and open run against a simulated USB CDC-ACM port backed by a pty.
#include <umockdev.h>
#include <sys/ioctl.h>
