#include "CEditLine.h"

#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

struct DsboxEditor {
    EditLine *el;
    History *history;
    char *prompt;
    DsboxCompleter completer;
    int last_key_was_tab;
};

static char *prompt_of(EditLine *el) {
    DsboxEditor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
    return editor && editor->prompt ? editor->prompt : "> ";
}

static unsigned char complete(EditLine *el, int ch) {
    (void)ch;
    DsboxEditor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
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
    el_set(editor->el, EL_HIST, history, editor->history);
    el_set(editor->el, EL_PROMPT, prompt_of);
    el_set(editor->el, EL_ADDFN, "dsbox-complete", "complete a word", complete);
    el_set(editor->el, EL_BIND, "^I", "dsbox-complete", NULL);
    el_set(editor->el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_set(editor->el, EL_BIND, "^S", "em-inc-search-next", NULL);
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

void dsbox_editor_start(DsboxEditor *editor) {
    editor->last_key_was_tab = 0;
    el_set(editor->el, EL_UNBUFFERED, 1);
}

void dsbox_editor_stop(DsboxEditor *editor) {
    el_set(editor->el, EL_UNBUFFERED, 0);
}

int dsbox_editor_read(DsboxEditor *editor, char **line) {
    *line = NULL;
    int count = 0;
    const char *buffer = el_gets(editor->el, &count);
    if (editor->last_key_was_tab > 0) editor->last_key_was_tab -= 1;
    if (buffer == NULL) {
        // Unbuffered el_gets returns NULL whenever the line is empty (say after Ctrl-U),
        // and with count -1 when reading failed.
        if (count < 0) {
            dsbox_editor_stop(editor);
            return -1;
        }
        return 0;
    }
    // Ctrl-D on an empty line comes back as a line holding just ^D.
    if (count == 1 && buffer[0] == 0x04) {
        dsbox_editor_stop(editor);
        return -1;
    }
    if (count <= 0) return 0;
    if (buffer[count - 1] != '\n' && buffer[count - 1] != '\r') return 0;
    char *copy = malloc((size_t)count);
    if (!copy) return 0;
    memcpy(copy, buffer, (size_t)count - 1);
    copy[count - 1] = '\0';
    *line = copy;
    dsbox_editor_stop(editor);
    return 1;
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

void dsbox_editor_history_clear(DsboxEditor *editor) {
    HistEvent event;
    history(editor->history, &event, H_CLEAR);
}

int dsbox_install_sigint(void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, NULL);
}
