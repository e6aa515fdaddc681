package io.spotlink.spot;

import io.spotlink.spot.model.Result;

import io.spotlink.spot.model.Report;

import io.spotlink.spot.model.Kit;

import io.spotlink.spot.model.KitStatus;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.ResultType;
import io.spotlink.spot.model.SampleStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Spot's wire model: values and fields Spot adds later are tolerated, not fatal. */
class SpotModelTest {

    @Test
    void readsAFullOrderWithUnknownValuesAndExtraFields() throws Exception {
        String json = """
                {"order_id":"O1234567","status":"on_hold","brand_new_field":{"x":1},
                 "recipient":{"first_name":"A","last_name":"B","email":"a@b.org","phone":"1","address":{
                   "street1":"1","city":"c","state":"CA","country":"US","zip":"94105"}},
                 "kit_types":["health_kit_1"],
                 "kits":[{"kit_id":"SPOT123456","type":"health_kit_1","status":"pending","events":[],
                   "sample":{"sample_id":"SPOT654321","status":"lost_in_space","type":"new_tube","panels":["P"],
                     "reports":[{"report_id":"r1","is_amendment":false,"date_resulted":"2023-11-07T05:31:56Z",
                       "results":[{"result_type":"quantity","name":"HDL","result":123,"range_minimum":"20",
                                   "range_maximum":200},
                                  {"result_type":"microbiome","name":"X","result":"<10"}]}]}}],
                 "created":"2023-01-01T04:30:11.222Z","updated":"2023-01-01T04:30:11.222Z","metadata":null}""";
        Order order = SpotJson.mapper().readValue(json, Order.class);
        assertThat(order.status().wire()).as("kept as its text").isEqualTo("on_hold");
        assertThat(order.status().known()).isFalse();
        assertThat(order.status().terminal()).as("unknown is open").isFalse();
        assertThat(order.kits().get(0).status()).isEqualTo(KitStatus.PENDING);
        var sample = order.kits().get(0).sample();
        assertThat(sample.status()).isEqualTo(SampleStatus.of("lost_in_space"));
        assertThat(sample.type()).isEqualTo("new_tube");
        var results = sample.reports().get(0).results();
        assertThat(results.get(0).result()).isEqualTo("123");
        assertThat(results.get(0).rangeMinimum()).isEqualTo("20");
        assertThat(results.get(0).rangeMaximum()).isEqualTo("200");
        assertThat(results.get(1).resultType().wire()).isEqualTo("microbiome");
        assertThat(results.get(0).resultType()).isSameAs(ResultType.QUANTITY);
        assertThat(results.get(1).result()).isEqualTo("<10");
    }

    @Test
    void aValueThatCannotBeReadIsLeftOutAndEverythingElseFlowsOn() throws Exception {
        String json = """
                {"order_id":"O7654321","status":"in_progress","created":"yesterday-ish","updated":17,
                 "kit_types":[null,"health_kit_1"],
                 "kits":[null,{"kit_id":"SPOT123457","type":"health_kit_1","status":"registered","events":[null],
                   "registered_to":{"patient_id":"p1","date_of_birth":"not a date"},
                   "sample":{"sample_id":"SPOT654322","status":"resulted","panels":"P1",
                     "reports":[null,{"report_id":"r2","is_amendment":null,"date_resulted":"2023-11-07",
                       "results":[null,{"result_type":"quantity","name":"HDL","result":123.5,
                                  "range_minimum":"twenty","range_maximum":"200","unit_of_measure":{"odd":1}},
                                  {"result_type":"quantity","name":"LDL","result":"99"}]}]}}]}""";

        Order order = SpotJson.mapper().readValue(json, Order.class);

        assertThat(order.orderId()).isEqualTo("O7654321");
        assertThat(order.created()).isNull();
        assertThat(order.kitTypes()).containsExactly("health_kit_1");
        assertThat(order.kits()).hasSize(1);
        Kit kit = order.kits().get(0);
        assertThat(kit.events()).isEmpty();
        assertThat(kit.registeredTo().dateOfBirth()).isNull();
        assertThat(kit.sample().panels()).containsExactly("P1");
        Report report = kit.sample().reports().get(0);
        assertThat(report.reportId()).isEqualTo("r2");
        assertThat(report.results()).extracting(Result::name).containsExactly("HDL", "LDL");
        Result hdl = report.results().get(0);
        assertThat(hdl.result()).isEqualTo("123.5");
        assertThat(hdl.rangeMinimum()).as("kept as text; the ORU decides").isEqualTo("twenty");
        assertThat(hdl.rangeMaximum()).isEqualTo("200");
        assertThat(hdl.unitOfMeasure()).isNull();
    }
}
