package dev.bulkhead.devstack.control;

/** An action the endpoint does not carry out: an unknown target (404) or one not possible now (409). */
final class Refused extends RuntimeException {

    private final int status;

    private Refused(int status, String message) {
        super(message);
        this.status = status;
    }

    static Refused unknown(String target) {
        return new Refused(404, "no target named '" + target + "'");
    }

    static Refused notNow(Target target, String action) {
        return new Refused(
                409,
                "cannot " + action + " " + target.name() + " while it is " + target.state()
                        + (target.actions().isEmpty() ? "" : "; possible now: " + String.join(", ", target.actions())));
    }

    static Refused failed(String what, Exception cause) {
        return new Refused(502, what + ": " + cause.getMessage());
    }

    int status() {
        return status;
    }
}
