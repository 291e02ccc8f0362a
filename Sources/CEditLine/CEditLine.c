#include "CEditLine.h"

#include <errno.h>
#include <histedit.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

struct DsboxEditor {
    EditLine *el;
    History *history;
    char *prompt;
    DsboxCompleter completer;
    int last_key_was_tab;
    /// Ctrl-D on an empty line: the person asked to leave.
    int end_requested;
    /// Reading standard input hit end of file or an error (the terminal hung up).
    int input_ended;
    /// While set, libedit may only use input it pushed back for itself (see
    /// read_pushed_input); a read of the terminal is refused and noted.
    int probing;
    int probe_wanted_terminal;
    /// Asked while libedit waits for a key in the middle of a command (a Ctrl-R search,
    /// the rest of an escape sequence): non-zero gives the wait up so that a signal the
    /// prompt loop handles (Ctrl-C, Ctrl-Z) is not held until the next key.
    int (*should_stop_waiting)(void);
};

static DsboxEditor *editor_of(EditLine *el) {
    DsboxEditor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
    return editor;
}

/// libedit's character reader, replaced so that dsbox knows why no character came:
/// end of file or a read error (input_ended), a signal (EINTR: nothing ended), or a
/// probe (see read_pushed_input). libedit's own reader reports all of these as -1 with
/// an empty line, which looks the same as a line emptied by Ctrl-U.
static int read_character(EditLine *el, wchar_t *character) {
    DsboxEditor *editor = editor_of(el);
    *character = L'\0';
    if (editor && editor->probing) {
        editor->probe_wanted_terminal = 1;
        return 0;
    }
    char bytes[MB_LEN_MAX];
    size_t count = 0;
    for (;;) {
        if (editor && editor->should_stop_waiting) {
            int wake = dsbox_signal_wake_fd();
            struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = wake, .events = POLLIN}};
            int ready = poll(fds, wake >= 0 ? 2 : 1, 100);
            if (ready <= 0 || !(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
                if (editor->should_stop_waiting()) return -1;
                if (fds[1].revents & POLLIN) dsbox_signal_wake_drain();
                continue;
            }
        }
        ssize_t got = read(STDIN_FILENO, bytes + count, 1);
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) return -1;  // a signal: the prompt loop handles it
        if (got <= 0) {
            if (editor) editor->input_ended = 1;
            return got;
        }
        count += 1;
        mbstate_t state;
        memset(&state, 0, sizeof state);
        size_t used = mbrtowc(character, bytes, count, &state);
        if (used == (size_t)-2 && count < MB_LEN_MAX) continue;  // more bytes to come
        if (used == (size_t)-1 || used == (size_t)-2) {          // not UTF-8: drop it
            count = 0;
            continue;
        }
        return 1;
    }
}

/// Ctrl-D: leave on an empty line; otherwise delete the character under the cursor.
static unsigned char end_or_delete(EditLine *el, int ch) {
    (void)ch;
    DsboxEditor *editor = editor_of(el);
    const LineInfo *info = el_line(el);
    if (info->buffer == info->lastchar) {
        if (editor) editor->end_requested = 1;
        return CC_EOF;
    }
    if (info->cursor == info->lastchar) return CC_ERROR;
    el_cursor(el, 1);
    el_deletestr(el, 1);
    return CC_REFRESH;
}

/// For keys that should do nothing at all (Insert, Page Up, Page Down).
static unsigned char do_nothing(EditLine *el, int ch) {
    (void)el;
    (void)ch;
    return CC_NORM;
}

/// Binds the keys terminals send for Home, End, Delete, Insert, Page Up and Page Down,
/// in the forms xterm, tmux/screen and rxvt use, so none of them inserts a stray `~`.
static void bind_editing_keys(EditLine *el) {
    static const char *const home[] = {"\033[H", "\033OH", "\033[1~", "\033[7~"};
    static const char *const end[] = {"\033[F", "\033OF", "\033[4~", "\033[8~"};
    static const char *const nothing[] = {"\033[2~", "\033[5~", "\033[6~"};
    for (size_t i = 0; i < sizeof home / sizeof *home; i++) el_set(el, EL_BIND, home[i], "ed-move-to-beg", NULL);
    for (size_t i = 0; i < sizeof end / sizeof *end; i++) el_set(el, EL_BIND, end[i], "ed-move-to-end", NULL);
    for (size_t i = 0; i < sizeof nothing / sizeof *nothing; i++) el_set(el, EL_BIND, nothing[i], "dsbox-nothing", NULL);
    el_set(el, EL_BIND, "\033[3~", "ed-delete-next-char", NULL);
}

static char *prompt_of(EditLine *el) {
    DsboxEditor *editor = editor_of(el);
    return editor && editor->prompt ? editor->prompt : "> ";
}

static unsigned char complete(EditLine *el, int ch) {
    (void)ch;
    DsboxEditor *editor = editor_of(el);
    if (!editor || !editor->completer) return CC_ERROR;
    const LineInfo *info = el_line(el);
    size_t length = (size_t)(info->cursor - info->buffer);
    char *upto = malloc(length + 1);
    if (!upto) return CC_ERROR;
    memcpy(upto, info->buffer, length);
    upto[length] = '\0';
    char *insert = NULL, *listing = NULL;
    editor->completer(upto, editor->last_key_was_tab, &insert, &listing);
    free(upto);
    unsigned char result = CC_REFRESH;
    if (listing) {
        fputs("\n", stdout);
        fputs(listing, stdout);
        fflush(stdout);
        free(listing);
        result = CC_REDISPLAY;
    }
    if (insert) {
        if (*insert) el_insertstr(el, insert);
        free(insert);
    }
    editor->last_key_was_tab = 2;  // becomes 1 after this key, 0 after any other
    return result;
}

DsboxEditor *dsbox_editor_new(const char *program, int history_size) {
    // libedit reads UTF-8 only under a UTF-8 character type.
    setlocale(LC_CTYPE, "");
    const char *codeset = nl_langinfo(CODESET);
    if (!codeset || strcmp(codeset, "UTF-8") != 0) setlocale(LC_CTYPE, "C.UTF-8");

    DsboxEditor *editor = calloc(1, sizeof *editor);
    if (!editor) return NULL;
    editor->el = el_init(program, stdin, stdout, stderr);
    editor->history = history_init();
    if (!editor->el || !editor->history) {
        dsbox_editor_free(editor);
        return NULL;
    }
    HistEvent event;
    history(editor->history, &event, H_SETSIZE, history_size);
    history(editor->history, &event, H_SETUNIQUE, 1);
    el_set(editor->el, EL_CLIENTDATA, editor);
    el_set(editor->el, EL_EDITOR, "emacs");
    el_set(editor->el, EL_SIGNAL, 0);
    // Ctrl-C, Ctrl-Z and Ctrl-\ must not flush the keys waiting to be read: a key that
    // poll() reported could vanish before read(), which would then block until the next
    // key, holding the Ctrl-C back with it.
    el_set(editor->el, EL_SETTY, "-d", "+noflsh", NULL);
    el_set(editor->el, EL_HIST, history, editor->history);
    el_set(editor->el, EL_PROMPT, prompt_of);
    el_set(editor->el, EL_GETCFN, read_character);
    el_set(editor->el, EL_ADDFN, "dsbox-complete", "complete a word", complete);
    el_set(editor->el, EL_ADDFN, "dsbox-end-or-delete", "leave on an empty line, else delete", end_or_delete);
    el_set(editor->el, EL_ADDFN, "dsbox-nothing", "do nothing", do_nothing);
    el_set(editor->el, EL_BIND, "^I", "dsbox-complete", NULL);
    el_set(editor->el, EL_BIND, "^D", "dsbox-end-or-delete", NULL);
    el_set(editor->el, EL_BIND, "^L", "ed-clear-screen", NULL);
    el_set(editor->el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_set(editor->el, EL_BIND, "^S", "em-inc-search-next", NULL);
    bind_editing_keys(editor->el);
    el_source(editor->el, NULL);  // the user's ~/.editrc, if any
    return editor;
}

void dsbox_editor_free(DsboxEditor *editor) {
    if (!editor) return;
    if (editor->el) el_end(editor->el);
    if (editor->history) history_end(editor->history);
    free(editor->prompt);
    free(editor);
}

void dsbox_editor_set_prompt(DsboxEditor *editor, const char *prompt) {
    free(editor->prompt);
    editor->prompt = strdup(prompt ? prompt : "");
}

void dsbox_editor_set_completer(DsboxEditor *editor, DsboxCompleter completer) {
    editor->completer = completer;
}

void dsbox_editor_set_wait_check(DsboxEditor *editor, int (*should_stop_waiting)(void)) {
    editor->should_stop_waiting = should_stop_waiting;
}

void dsbox_editor_start(DsboxEditor *editor) {
    editor->last_key_was_tab = 0;
    el_set(editor->el, EL_UNBUFFERED, 1);
}

void dsbox_editor_stop(DsboxEditor *editor) {
    el_set(editor->el, EL_UNBUFFERED, 0);
}

/// One el_gets call: one command in unbuffered mode. Returns as dsbox_editor_read does.
static int read_command(DsboxEditor *editor, char **line) {
    int count = 0;
    const char *buffer = el_gets(editor->el, &count);
    // In unbuffered mode el_gets returns NULL with count -1 whenever the line is empty
    // after a key (Ctrl-U, Backspace, Tab, an arrow…), exactly as at end of input, so
    // the end is told by the flags read_character and end_or_delete set instead.
    if (editor->end_requested || editor->input_ended) {
        dsbox_editor_stop(editor);
        return -1;
    }
    if (buffer == NULL || count <= 0) return 0;
    if (buffer[count - 1] != '\n' && buffer[count - 1] != '\r') return 0;
    char *copy = malloc((size_t)count);
    if (!copy) return 0;
    memcpy(copy, buffer, (size_t)count - 1);
    copy[count - 1] = '\0';
    *line = copy;
    dsbox_editor_stop(editor);
    return 1;
}

/// Handles keys libedit pushed back for itself, which poll() on the terminal cannot
/// see: Enter that ends a Ctrl-R search is pushed back to run the line found. Each call
/// of el_gets may use pushed keys only; it stops as soon as it wants the terminal.
static int read_pushed_input(DsboxEditor *editor, char **line) {
    int result = 0;
    while (result == 0) {
        editor->probing = 1;
        editor->probe_wanted_terminal = 0;
        result = read_command(editor, line);
        editor->probing = 0;
        if (editor->probe_wanted_terminal) break;
    }
    return result;
}

int dsbox_editor_read(DsboxEditor *editor, char **line) {
    *line = NULL;
    editor->end_requested = 0;
    int result = read_command(editor, line);
    if (editor->last_key_was_tab > 0) editor->last_key_was_tab -= 1;
    if (result == 0) result = read_pushed_input(editor, line);
    return result;
}

int dsbox_editor_input_ended(DsboxEditor *editor) {
    return editor->input_ended;
}

char *dsbox_editor_line(DsboxEditor *editor, int *cursor) {
    const LineInfo *info = el_line(editor->el);
    size_t length = (size_t)(info->lastchar - info->buffer);
    char *copy = malloc(length + 1);
    if (!copy) return NULL;
    memcpy(copy, info->buffer, length);
    copy[length] = '\0';
    *cursor = (int)(info->cursor - info->buffer);
    return copy;
}

void dsbox_editor_type(DsboxEditor *editor, const char *text, int left) {
    // el_push queues input ahead of the terminal; el_gets then handles it exactly as
    // typed keys, so libedit's picture of the screen stays right. Control characters
    // would run editing commands, so they are left out.
    size_t length = strlen(text);
    char *keys = malloc(length + (size_t)(left > 0 ? left : 0) + 1);
    if (!keys) return;
    size_t used = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c != 0x7f) keys[used++] = (char)c;
    }
    for (int i = 0; i < left; i++) keys[used++] = 0x02;  // ^B: back one character
    keys[used] = '\0';
    el_push(editor->el, keys);
    // In unbuffered mode each el_gets call handles one character (a UTF-8 sequence
    // counts once), so one call per character drains exactly what was pushed.
    size_t characters = 0;
    for (size_t i = 0; i < used; i++) {
        if (((unsigned char)keys[i] & 0xC0) != 0x80) characters++;
    }
    int count = 0;
    for (size_t i = 0; i < characters; i++) el_gets(editor->el, &count);
    free(keys);
}

void dsbox_editor_history_add(DsboxEditor *editor, const char *line) {
    HistEvent event;
    history(editor->history, &event, H_ENTER, line);
}
