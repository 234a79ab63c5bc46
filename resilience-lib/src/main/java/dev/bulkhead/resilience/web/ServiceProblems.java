package dev.bulkhead.resilience.web;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The base of every Bulkhead service's {@code @RestControllerAdvice}: it answers what goes wrong with a
 * request before or beside the service's own rules, so that every service reports invalid input in
 * one RFC 9457 shape. A service's advice extends it and adds only its business failures:
 *
 * <pre>{@code
 * @RestControllerAdvice
 * class OrderProblems extends ServiceProblems {
 *     @ExceptionHandler
 *     ProblemDetail on(OrderNotFound e) {
 *         return Problems.of(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", e);
 *     }
 * }
 * }</pre>
 *
 * <p>Invalid input — a body that breaks its bean-validation rules, a body that is no JSON or has a
 * value of the wrong type, a query parameter or header that is missing or of the wrong type, an
 * {@link InvalidInput} thrown by the service — is {@code 400} with type {@link #INVALID_REQUEST}, title
 * "Invalid request", every broken rule joined in {@code detail}, and the same rules in the member
 * {@value #ERRORS}:
 *
 * <pre>{@code
 * {"type": "https://bulkhead.dev/problems/invalid-request", "title": "Invalid request", "status": 400,
 *  "detail": "items: size must be between 1 and 50; paymentToken: must not be blank",
 *  "errors": [{"field": "items", "message": "size must be between 1 and 50"},
 *             {"field": "paymentToken", "message": "must not be blank"}]}
 * }</pre>
 *
 * {@code field} is a dotted path into the body ({@code items[0].quantity}), a query parameter or a
 * header name, or {@value InvalidInput#BODY} for the body as a whole; errors are sorted by field. Neither the
 * detail nor a message ever repeats a submitted value (it may be a password or a card token).
 *
 * <p>A write the database's constraints refuse ({@link DataIntegrityViolationException}: a unique key
 * taken by a concurrent request, a reference to a row that is gone) is {@code 409} with type {@link
 * #CONFLICT}; a service that can say more maps it to its own failure before it gets here. Every other
 * failure Spring MVC knows (wrong method, unsupported media type, no such path) keeps Spring's own
 * problem detail.
 */
public abstract class ServiceProblems extends ResponseEntityExceptionHandler {

    /** The type of every invalid-input problem, whichever layer noticed it. */
    public static final URI INVALID_REQUEST = URI.create(Problems.TYPES + "invalid-request");

    /** The type of a write refused by the database's constraints. */
    public static final URI CONFLICT = URI.create(Problems.TYPES + "conflict");

    /** The problem member listing every broken rule as {@code {field, message}}. */
    public static final String ERRORS = "errors";

    private static final Logger log = LoggerFactory.getLogger(ServiceProblems.class);

    /** Subclasses are the services' advices; this class alone answers nothing. */
    protected ServiceProblems() {}

    /**
     * The invalid-request problem for these violations, for a service that finds invalid input in a
     * place no exception reaches (it should normally just throw {@link InvalidInput}).
     */
    public static ProblemDetail invalidRequest(List<InvalidInput.Violation> violations) {
        List<InvalidInput.Violation> sorted = violations.stream()
                .sorted(Comparator.comparing(InvalidInput.Violation::field)
                        .thenComparing(InvalidInput.Violation::message))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                sorted.stream().map(InvalidInput.Violation::toString).collect(Collectors.joining("; ")));
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty(
                ERRORS,
                sorted.stream()
                        .map(violation -> Map.of("field", violation.field(), "message", violation.message()))
                        .toList());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail onInvalidInput(InvalidInput e) {
        return invalidRequest(e.violations());
    }

    /** Bean validation of a service-layer argument ({@code @Validated} beans), not of a request body. */
    @ExceptionHandler
    ProblemDetail onConstraintViolation(ConstraintViolationException e) {
        return invalidRequest(e.getConstraintViolations().stream()
                .map(violation ->
                        new InvalidInput.Violation(violation.getPropertyPath().toString(), violation.getMessage()))
                .toList());
    }

    @ExceptionHandler
    ProblemDetail onConstraintRefusal(DataIntegrityViolationException e) {
        // The driver's message names the constraint and often the duplicated value: for the log only,
        // and only its first line, which is the constraint without the value.
        String cause = String.valueOf(e.getMostSpecificCause().getMessage())
                .lines()
                .findFirst()
                .orElse("");
        log.warn("Refused a write the database's constraints reject: {}", cause);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "The request conflicts with what is stored: it was changed or taken meanwhile; read it again"
                        + " and retry.");
        problem.setType(CONFLICT);
        problem.setTitle("Conflict");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(e, violations(e.getBindingResult(), ""), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidInput.Violation> violations = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            String parameter = nameOf(result.getMethodParameter());
            if (result instanceof ParameterErrors errors) {
                violations.addAll(violations(errors, parameter + "."));
            } else {
                for (MessageSourceResolvable error : result.getResolvableErrors()) {
                    violations.add(new InvalidInput.Violation(parameter, message(error)));
                }
            }
        }
        return invalid(e, violations, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(e, List.of(unreadable(e)), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e.getPropertyName() != null ? e.getPropertyName() : InvalidInput.BODY;
        Class<?> type = e.getRequiredType();
        String message = type == null ? "has the wrong type" : "must be " + describe(type);
        return invalid(e, List.of(new InvalidInput.Violation(field, message)), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(e, List.of(new InvalidInput.Violation(e.getParameterName(), "is required")), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(
            ServletRequestBindingException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (e instanceof MissingRequestHeaderException missing) {
            return invalid(
                    e,
                    List.of(new InvalidInput.Violation(missing.getHeaderName(), "header is required")),
                    headers,
                    request);
        }
        return super.handleServletRequestBindingException(e, headers, status, request);
    }

    /** The name the client used: a query parameter's or header's, else the Java parameter's. */
    private static String nameOf(MethodParameter parameter) {
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        if (query != null && !query.name().isEmpty()) return query.name();
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) return header.name();
        return String.valueOf(parameter.getParameterName());
    }

    private ResponseEntity<Object> invalid(
            Exception e, List<InvalidInput.Violation> violations, HttpHeaders headers, WebRequest request) {
        return handleExceptionInternal(e, invalidRequest(violations), headers, HttpStatus.BAD_REQUEST, request);
    }

    private static List<InvalidInput.Violation> violations(Errors result, String prefix) {
        List<InvalidInput.Violation> violations = new ArrayList<>();
        for (FieldError error : result.getFieldErrors()) {
            violations.add(new InvalidInput.Violation(prefix + error.getField(), message(error)));
        }
        result.getGlobalErrors()
                .forEach(error -> violations.add(new InvalidInput.Violation(
                        prefix.isEmpty() ? InvalidInput.BODY : prefix.substring(0, prefix.length() - 1),
                        message(error))));
        return violations;
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "is invalid";
    }

    /** Where Jackson stopped, as a dotted path, and why — without the value it could not read. */
    private static InvalidInput.Violation unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause == null) {
            return new InvalidInput.Violation(InvalidInput.BODY, "is required");
        }
        // A syntax error or a truncated document carries a path too, but no value there is the trouble.
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()
                && isValue(mismatch.getCurrentToken())) {
            String message = mismatch.getOriginalMessage().contains(TextWithoutNul.MESSAGE)
                    ? TextWithoutNul.MESSAGE
                    : mismatch.getTargetType() != null
                            ? "must be " + describe(mismatch.getTargetType())
                            : "has the wrong type";
            return new InvalidInput.Violation(path(mismatch), message);
        }
        if (cause instanceof DatabindException databind
                && !(cause instanceof MismatchedInputException)
                && !databind.getPath().isEmpty()) {
            return new InvalidInput.Violation(path(databind), "has an invalid value");
        }
        return new InvalidInput.Violation(InvalidInput.BODY, "must be a JSON document");
    }

    private static boolean isValue(JsonToken token) {
        return token != null && (token.isScalarValue() || token.isStructStart());
    }

    private static String path(JacksonException jackson) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : jackson.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? InvalidInput.BODY : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == java.util.UUID.class) return "a UUID";
        if (type == int.class
                || type == long.class
                || type == short.class
                || type == Integer.class
                || type == Long.class
                || type == Short.class
                || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type.isEnum()) {
            return "one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(String::valueOf)
                            .collect(Collectors.joining(", "));
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) return "an array";
        return "a " + type.getSimpleName();
    }
}
