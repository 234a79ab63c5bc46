package dev.bulkhead.resilience.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

class ServiceProblemsTest {

    private static final String INVALID = "https://bulkhead.dev/problems/invalid-request";

    private final MockMvc mvc;

    ServiceProblemsTest() {
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        mvc = MockMvcBuilders.standaloneSetup(new Orders())
                .setControllerAdvice(new OrderProblems())
                .setValidator(validator)
                .build();
    }

    @Test
    void namesEveryBrokenRuleOfABodyByFieldSortedAndWithoutTheRejectedValue() throws Exception {
        mvc.perform(post("/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"items\":[{\"quantity\":-7}],\"paymentToken\":\" \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("items[0].quantity"))
                .andExpect(jsonPath("$.errors[0].message").value("must be greater than 0"))
                .andExpect(jsonPath("$.errors[1].field").value("paymentToken"))
                .andExpect(jsonPath("$.detail")
                        .value("items[0].quantity: must be greater than 0; paymentToken: must not be blank"))
                .andExpect(jsonPath("$.detail").value(not(containsString("-7"))));
    }

    @Test
    void answersAnInvalidInputOfTheServiceInTheSameShape() throws Exception {
        mvc.perform(get("/orders").param("size", "1000"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.errors[0].field").value("size"))
                .andExpect(jsonPath("$.errors[0].message").value("must be at most 100"))
                .andExpect(jsonPath("$.detail").value("size: must be at most 100"));
    }

    @Test
    void answersAParameterOfTheWrongTypeOrMissingInTheSameShape() throws Exception {
        mvc.perform(get("/orders").param("size", "many"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.errors[0].field").value("size"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a whole number"))
                .andExpect(jsonPath("$.detail").value(not(containsString("many"))));
        mvc.perform(get("/orders/by-owner"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.errors[0].field").value("owner"))
                .andExpect(jsonPath("$.errors[0].message").value("is required"));
        mvc.perform(get("/orders/by-owner").param("owner", "1-2"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("owner"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a UUID"));
        mvc.perform(get("/orders/keyed"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
    }

    @Test
    void answersAParameterThatBreaksItsConstraintInTheSameShapeUnderTheNameTheClientUsed() throws Exception {
        mvc.perform(get("/orders/recent").param("max", "1000"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.errors[0].field").value("max"))
                .andExpect(jsonPath("$.errors[0].message").value("must be less than or equal to 100"));
    }

    @Test
    void answersABodyThatIsNoJsonOrHasAValueOfTheWrongTypeInTheSameShape() throws Exception {
        for (String broken : new String[] {"{not json", "{\"paymentToken\":", "{\"items\":[{\"quantity\":1"}) {
            mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content(broken))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value(INVALID))
                    .andExpect(jsonPath("$.errors[0].field").value("body"))
                    .andExpect(jsonPath("$.errors[0].message").value("must be a JSON document"));
        }
        mvc.perform(post("/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"items\":[{\"quantity\":\"secret-ish\"}],\"paymentToken\":\"tok\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.errors[0].field").value("items[0].quantity"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a whole number"))
                .andExpect(jsonPath("$.detail").value(not(containsString("secret-ish"))));
        mvc.perform(post("/orders").contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("body"))
                .andExpect(jsonPath("$.errors[0].message").value("is required"));
    }

    @Test
    void answersAWriteTheDatabaseRefusesWith409ConflictWithoutTheDriversMessage() throws Exception {
        mvc.perform(post("/orders/duplicate"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://bulkhead.dev/problems/conflict"))
                .andExpect(jsonPath("$.title").value("Conflict"))
                .andExpect(jsonPath("$.detail").value(not(containsString("ada@example.com"))));
    }

    @Test
    void leavesTheServicesOwnFailuresToTheService() throws Exception {
        mvc.perform(get("/orders/missing"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://bulkhead.dev/problems/order-not-found"));
    }

    record PlaceOrder(
            @NotEmpty List<@Valid Line> items, @NotBlank String paymentToken) {
        record Line(UUID productId, @Positive int quantity) {}
    }

    static class OrderNotFound extends RuntimeException {
        OrderNotFound() {
            super("No such order");
        }
    }

    @RestControllerAdvice
    static class OrderProblems extends ServiceProblems {
        @ExceptionHandler
        ProblemDetail on(OrderNotFound e) {
            return Problems.of(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", e);
        }
    }

    @RestController
    static class Orders {
        @PostMapping("/orders")
        String place(@Valid @RequestBody PlaceOrder order) {
            return "placed";
        }

        @GetMapping("/orders")
        String list(@RequestParam(defaultValue = "20") int size) {
            if (size > 100) throw InvalidInput.of("size", "must be at most 100");
            return "listed";
        }

        @GetMapping("/orders/recent")
        String recent(@RequestParam(name = "max") @Max(100) int limit) {
            return "listed";
        }

        @GetMapping("/orders/by-owner")
        String byOwner(@RequestParam UUID owner) {
            return "listed";
        }

        @GetMapping("/orders/keyed")
        String keyed(@RequestHeader("Idempotency-Key") String key) {
            return key;
        }

        @GetMapping("/orders/missing")
        String missing() {
            throw new OrderNotFound();
        }

        @PostMapping("/orders/duplicate")
        String duplicate() {
            throw new DataIntegrityViolationException(
                    "could not insert",
                    new SQLException("ERROR: duplicate key value violates unique constraint \"account_email_key\"\n"
                            + "  Detail: Key (email)=(ada@example.com) already exists."));
        }
    }
}
