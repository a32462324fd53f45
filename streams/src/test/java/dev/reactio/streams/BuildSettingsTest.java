package dev.reactio.streams;

import dev.reactio.testsupport.BuildSettingsChecks;

/** The Surefire settings this module's tests run with (the checks are shared, in test-support). */
class BuildSettingsTest extends BuildSettingsChecks {}
