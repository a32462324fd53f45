package dev.reactio.http;

import dev.reactio.testsupport.ApiBaselineChecks;

/** This module's public API against its committed baseline, api/ (the check is in test-support). */
class ApiBaselineTest extends ApiBaselineChecks {}
