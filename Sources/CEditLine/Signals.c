// Signals for the interactive prompt: handlers that only set flags (no SA_RESTART),
// a pipe that wakes a poll() whichever thread a signal reached, and Ctrl-Z's stop.
#include <sys/ioctl.h>
#include "CEditLine.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/// A pipe a caught signal writes a byte to, so that a poll() on another thread wakes at
/// once (the signal itself may be delivered to a thread that is not polling).
static int wake_pipe[2] = {-1, -1};

/// The handlers installed through dsbox_install_signal, run by wake_and_handle.
static void (*signal_handlers[NSIG])(int);

static void wake_and_handle(int signal_number) {
    int saved = errno;
    if (signal_number > 0 && signal_number < NSIG && signal_handlers[signal_number]) {
        signal_handlers[signal_number](signal_number);
    }
    if (wake_pipe[1] >= 0) {
        char byte = 0;
        ssize_t ignored = write(wake_pipe[1], &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

int dsbox_signal_wake_fd(void) {
    if (wake_pipe[0] < 0) {
        int ends[2];
        if (pipe(ends) != 0) return -1;
        for (int i = 0; i < 2; i++) {
            fcntl(ends[i], F_SETFL, fcntl(ends[i], F_GETFL) | O_NONBLOCK);
            fcntl(ends[i], F_SETFD, FD_CLOEXEC);
        }
        wake_pipe[0] = ends[0];
        wake_pipe[1] = ends[1];
    }
    return wake_pipe[0];
}

void dsbox_signal_wake_drain(void) {
    char bytes[64];
    while (wake_pipe[0] >= 0 && read(wake_pipe[0], bytes, sizeof bytes) > 0) {}
}

int dsbox_install_signal(int signal_number, void (*handler)(int)) {
    if (signal_number <= 0 || signal_number >= NSIG) return -1;
    signal_handlers[signal_number] = handler;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = wake_and_handle;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(signal_number, &action, NULL);
}

int dsbox_install_sigint(void (*handler)(int)) {
    return dsbox_install_signal(SIGINT, handler);
}

void dsbox_stop_as_if_suspended(void) {
    struct sigaction stop, caught;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, &caught);
    // This may be a dispatch worker thread, which blocks signals: unblock SIGTSTP here
    // so that raise() stops the process before it returns.
    sigset_t only, previous;
    sigemptyset(&only);
    sigaddset(&only, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &only, &previous);
    raise(SIGTSTP);  // stops here until the shell continues the job (fg)
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    sigaction(SIGTSTP, &caught, NULL);
}

int dsbox_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}
