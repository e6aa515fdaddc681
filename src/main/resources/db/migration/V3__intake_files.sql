-- camel-sql's JdbcMessageIdRepository: the files already read by order-intake-file and order-intake-sftp, so a
-- restart never reads a finished file again. Column names are the ones camel-sql uses.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(255) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
