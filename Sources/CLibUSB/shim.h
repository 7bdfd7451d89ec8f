// libusb-1.0: device enumeration and asynchronous bulk transfers. Only GaitIngestion imports it.
#include <libusb-1.0/libusb.h>
