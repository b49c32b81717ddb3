package dev.lifelong.data.validate;

/** Thrown in strict mode at the first rejected row; its message says file, line, column and reason. */
public final class BadRowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;

    public BadRowException(Rejection rejection) {
        super(rejection.message() + " [--strict stops at the first bad row]");
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
